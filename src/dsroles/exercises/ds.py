"""The namespace ``ds``: the ids ``ds.<name>`` of the exercises declared in ``data_scientist``.

The registry looks an id up in ``dsroles.exercises.<namespace>``; this module makes the
short namespace point at the data scientist track's module, without a second declaration.
"""

from dsroles.checks.registry import exercises_in as _exercises_in
from dsroles.exercises import data_scientist as _track

globals().update(_exercises_in(_track))
bind = _track.bind

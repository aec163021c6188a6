"""``python -m dsroles ...``: the same as the ``dsroles`` command."""

from dsroles.cli import entrypoint

entrypoint()

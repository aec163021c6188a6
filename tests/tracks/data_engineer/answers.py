"""The data engineer track's examples for the contract (``tests/test_track_contract.py``):
right answers and plausible mistakes for every lesson exercise and assessment exercise."""

from tracks.data_engineer.answers_automate import ANSWERS as AUTOMATE
from tracks.data_engineer.answers_exam import ANSWERS as EXAM
from tracks.data_engineer.answers_lessons import ANSWERS as LESSONS

ANSWERS = {**LESSONS, **EXAM, **AUTOMATE}

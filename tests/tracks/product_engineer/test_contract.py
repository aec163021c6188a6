"""The track contract's per-exercise tests for this track (see tests/tracks/exercise_contract.py)."""

from tracks.exercise_contract import contract_for

globals().update(contract_for("product_engineer"))

"""Does the shipped fixture table still equal what the pipeline makes from seed 42?"""

from __future__ import annotations

import pandas as pd

from dsroles.tracks.ml_engineer import data, testkit


def test_the_fixture_table_is_seed_42s_sample():
    rebuilt = testkit.small_table(data.snapshots(testkit.FIXTURE_SEED))
    pd.testing.assert_frame_equal(testkit.fixture_table(), rebuilt)
    assert len(rebuilt) == testkit.SAMPLE_ROWS and rebuilt["churned"].sum() > 150

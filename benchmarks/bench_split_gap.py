"""Print how much a random row split flatters the churn model, seed by seed: the reference
model's AUC on the forward time split (test: the last three labelled months) and the mean of
five random row splits (the leakage lesson's way), and their gap. The payment provider switch
of September 2025 (``dsroles.churn.params``) should give a gap of at least 0.03 on every seed.

    python benchmarks/bench_split_gap.py [--seeds 20] [--first 1]

A figure, not a timed test: about 5 s a seed on one core (data generated in a temporary folder).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile

MIN_GAP = 0.03


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=int, default=20)
    parser.add_argument("--first", type=int, default=1)
    args = parser.parse_args()

    from dsroles.churn import evaluate, pipeline
    from dsroles.churn.data import project_data

    gaps = []
    print(f"{'seed':>4}  {'time split':>10}  {'random (mean of 5)':>18}  {'gap':>6}")
    with tempfile.TemporaryDirectory(prefix="bench-split-gap-") as root:
        for seed in range(args.first, args.first + args.seeds):
            snaps = pipeline.feature_table(project_data(seed, root=root)).snapshots
            time_auc, random_aucs = evaluate.split_aucs(snaps)
            gap = statistics.mean(random_aucs) - time_auc
            gaps.append(gap)
            flag = "" if gap >= MIN_GAP else "  < 0.03"
            print(f"{seed:>4}  {time_auc:>10.3f}  {statistics.mean(random_aucs):>18.3f}  "
                  f"{gap:>+6.3f}{flag}", flush=True)
    print(f"gap over {len(gaps)} seeds: min {min(gaps):+.3f}, mean {statistics.mean(gaps):+.3f}, "
          f"max {max(gaps):+.3f}; seeds under {MIN_GAP}: {sum(g < MIN_GAP for g in gaps)}")


if __name__ == "__main__":
    main()

"""Generate Kestrel Streaming's raw sources (the shared churn project) into a folder.

The same seed always gives byte-identical files. See docs/churn-project.md for what
the sources hold, the defects injected into them and the next-quarter drift.
"""

from __future__ import annotations

import argparse
import os
from pathlib import Path

from dsroles.churn import params as P
from dsroles.errors import UsageError


def _whole_number(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    return value


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seed", type=_whole_number, default=P.DEFAULT_SEED,
                        help=f"random seed (default {P.DEFAULT_SEED})")
    parser.add_argument("--customers", type=_whole_number, default=P.DEFAULT_CUSTOMERS,
                        help=f"number of customers (default {P.DEFAULT_CUSTOMERS})")
    parser.add_argument("--usage-scale", type=_whole_number, default=1, metavar="K",
                        help="log every viewing session as K heartbeat events (20 gives "
                             "millions of events, for the data engineer's volume lesson)")
    parser.add_argument("--no-drift", action="store_true",
                        help="a next quarter without the price rise, competitor or pipeline bug")
    parser.add_argument("--out", required=True, type=Path, help="folder to write into")
    parser.add_argument("--force", action="store_true",
                        help="write into a folder that already holds other files")


def run(args: argparse.Namespace) -> int:
    from dsroles.churn.generate import check_arguments, generate_sources

    try:
        check_arguments(args.seed, args.customers, args.usage_scale)
    except ValueError as exc:
        raise UsageError(f"{exc}. See `dsroles data --help`.") from None
    out: Path = args.out
    if out.exists() and not out.is_dir():
        raise UsageError(f"{out} is a file, not a folder; choose another --out.")
    if out.is_dir() and any(out.iterdir()) and not (out / "manifest.json").exists() and not args.force:
        raise UsageError(f"{out} already holds other files; choose an empty folder or add --force.")
    probe = out if out.exists() else next((p for p in out.parents if p.exists()), Path("."))
    if not os.access(probe, os.W_OK):
        raise UsageError(f"cannot write to {probe}; choose a folder you may write to.")
    try:
        manifest = generate_sources(out, args.seed, args.customers,
                                    usage_scale=args.usage_scale, drift=not args.no_drift)
    except OSError as exc:
        raise UsageError(f"could not write the data to {out}: {exc.strerror or exc}") from None
    rows = manifest["rows"]
    print(f"{P.COMPANY}: seed {args.seed}, {args.customers} customers -> {out}")
    for name, count in rows.items():
        print(f"  {name:40s} {count:>10,} rows")
    print("  answer_key.json lists every injected defect; manifest.json the file hashes.")
    return 0

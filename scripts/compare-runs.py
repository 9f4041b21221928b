#!/usr/bin/env python3
"""Compares the numbers of two trees of run folders, bit for bit.

usage: compare-runs.py REFERENCE_RUNS_DIR OTHER_RUNS_DIR

Pairs run folders by their path below each tree (grid/method-seed-hash: same config, same
folder name) and compares, as text, everything a run computed: final.json's last and best
metrics, every column of epochs.csv but the wall-clock ones, and the loss column of steps.csv.
Prints one line: 'identical N runs' or 'differs N/M runs: ...' with the largest change of the
last-epoch R@1 (in points) and of a step loss. Exit 0 identical, 1 different, 2 bad input.
"""
import csv
import json
import sys
from pathlib import Path

TIMING_SUFFIXES = ("_seconds", "_ms")


def runs(tree):
    return {p.parent.relative_to(tree): p.parent for p in sorted(tree.glob("*/*/final.json"))}


def epochs(folder):
    with open(folder / "epochs.csv", newline="") as f:
        return [{k: v for k, v in row.items() if not k.endswith(TIMING_SUFFIXES)} for row in csv.DictReader(f)]


def step_losses(folder):
    with open(folder / "steps.csv", newline="") as f:
        return [row["loss"] for row in csv.DictReader(f)]


def metrics(folder):
    record = json.loads((folder / "final.json").read_text())
    return {"last": record.get("last"), "best": record.get("best")}


def max_abs_diff(a, b):
    return max((abs(float(x) - float(y)) for x, y in zip(a, b)), default=0.0)


def main(argv):
    if len(argv) != 3:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    ref_tree, other_tree = Path(argv[1]), Path(argv[2])
    ref, other = runs(ref_tree), runs(other_tree)
    if not ref or set(ref) != set(other):
        print(f"bad input: {ref_tree} and {other_tree} do not hold the same finished runs", file=sys.stderr)
        return 2
    differing = []
    d_r1 = d_loss = 0.0
    for key in sorted(ref):
        a, b = ref[key], other[key]
        same = metrics(a) == metrics(b) and epochs(a) == epochs(b) and step_losses(a) == step_losses(b)
        if not same:
            differing.append(str(key))
            r1a = metrics(a)["last"].get("recall_at_1", 0.0)
            r1b = metrics(b)["last"].get("recall_at_1", 0.0)
            d_r1 = max(d_r1, abs(r1a - r1b) * 100)
            d_loss = max(d_loss, max_abs_diff(step_losses(a), step_losses(b)))
    if not differing:
        print(f"identical {len(ref)} run{'s' if len(ref) != 1 else ''}")
        return 0
    print(f"differs {len(differing)}/{len(ref)} runs: max |dR@1| {d_r1:.2f} points, max |d step loss| {d_loss:.3g}")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv))

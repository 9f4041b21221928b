#!/usr/bin/env bash
# What the CPU pin costs: trains the same runs pinned and fast, alternating, REPEATS times each,
# and prints each invocation's CPU seconds (user + sys, start-up and evaluation included) and each
# run's mean_step_ms from final.json (wall clock: meaningful on an otherwise idle machine only).
#
#   [GRID=configs/ci.yaml] scripts/pin-cost.sh [OUT_DIR [REPEATS [RUN OPTIONS...]]]
#       defaults: runs/pin-cost 2 --seeds 0 --only contrastive,rambo-recall-log (paths relative to the
#       repository root)
# Needs python3.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"   # paths are relative to the repository root
out=${1:-runs/pin-cost}
repeats=${2:-2}
shift $(($# < 2 ? $# : 2))
(($# > 0)) || set -- --seeds 0 --only contrastive,rambo-recall-log

mkdir -p "$out"
for rep in $(seq 1 "$repeats"); do
    for mode in pinned fast; do
        dir="$out/$mode-$rep"
        rm -rf "$dir"
        TIMEFORMAT="%U %S"
        cpu=$( { time (RAMBO_CPU_MODE=$mode bin/rambo-bench run "${GRID:-configs/ci.yaml}" --runs-dir "$dir" \
            --no-progress "$@" >"$dir.log" 2>&1); } 2>&1 ) || { echo "training failed: see $dir.log" >&2; exit 3; }
        read -r user sys <<< "$cpu"
        steps=$(python3 - "$dir" <<'PY'
import json, pathlib, sys
for f in sorted(pathlib.Path(sys.argv[1]).glob("*/*/final.json")):
    d = json.loads(f.read_text())
    print(f"{d['method']} {d['mean_step_ms']:.1f} ms", end="; ")
PY
)
        echo "$mode #$rep: CPU $(python3 -c "print(f'{$user + $sys:.1f}')") s; mean_step_ms: $steps"
    done
done

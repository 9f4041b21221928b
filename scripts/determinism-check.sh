#!/usr/bin/env bash
# Trains one grid as if on CPUs of different instruction-set levels, pinned and fast, and compares
# the numbers bit for bit (final.json metrics, epochs.csv, steps.csv losses). See docs/determinism.md.
#
#   scripts/determinism-check.sh [GRID.yaml] [OUT_DIR]      (defaults: configs/ci.yaml runs/determinism)
#
# A "machine" is simulated by the limit each numeric library accepts through its own variable
# (ATen: ATEN_CPU_CAPABILITY, oneDNN: ONEDNN_MAX_CPU_ISA, oneMKL: MKL_ENABLE_INSTRUCTIONS), set
# before bin/rambo-bench starts. A limit below the pinned level is what a CPU without AVX2 would
# run, so the launcher keeps it; the pin lowers every limit above it. Levels the CPU lacks are
# skipped. Finished runs are kept, so an interrupted check resumes. Needs python3.
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
grid=${1:-configs/ci.yaml}
out=${2:-runs/determinism}
launcher="$root/bin/rambo-bench"
compare="$root/scripts/compare-runs.py"

flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
has() { [[ " $flags " == *" $1 "* ]]; }

# name|variables
machines=()
has avx512f && machines+=("avx512-core|ATEN_CPU_CAPABILITY=avx512 ONEDNN_MAX_CPU_ISA=AVX512_CORE MKL_ENABLE_INSTRUCTIONS=AVX512")
has avx2 && machines+=("avx2|ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2")
has avx && machines+=("avx|ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=AVX MKL_ENABLE_INSTRUCTIONS=AVX")
machines+=("sse41|ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 MKL_ENABLE_INSTRUCTIONS=SSE4_2")

train() { # mode, machine name, variables
    local dir="$out/$1-$2"
    echo "== $1 on $2 ${3:-(this CPU: $(grep -o 'avx512[a-z_0-9]*\|amx[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' '))}"
    # shellcheck disable=SC2086  # the variables are words on purpose
    (cd "$root" && env -u ATEN_CPU_CAPABILITY -u ONEDNN_MAX_CPU_ISA -u DNNL_MAX_CPU_ISA -u MKL_ENABLE_INSTRUCTIONS \
        -u MKL_CBWR RAMBO_CPU_MODE="$1" $3 "$launcher" run "$grid" --runs-dir "$dir" --no-progress >"$dir.log" 2>&1) \
        || { echo "training failed: see $dir.log" >&2; exit 3; }
}

mkdir -p "$out"
for mode in pinned fast; do
    train "$mode" native ""
    for m in "${machines[@]}"; do
        train "$mode" "${m%%|*}" "${m#*|}"
    done
done

echo
echo "| mode | simulated machine | against | result |"
echo "|---|---|---|---|"
for mode in pinned fast; do
    for m in "${machines[@]}"; do
        name=${m%%|*}
        result=$(python3 "$compare" "$out/$mode-native" "$out/$mode-$name" || true)
        echo "| $mode | $name (${m#*|}) | $mode on this CPU | $result |"
    done
done
result=$(python3 "$compare" "$out/pinned-native" "$out/fast-avx2" || true)
echo "| pinned | this CPU | fast on avx2 | $result |"

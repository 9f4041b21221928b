#!/usr/bin/env bash
# Trains one grid as if on CPUs of different instruction-set levels, pinned and fast, and compares
# the numbers bit for bit (final.json metrics, epochs.csv, steps.csv losses). See docs/determinism.md.
#
#   scripts/determinism-check.sh [GRID.yaml [OUT_DIR [RUN OPTIONS...]]]
#       defaults: configs/ci.yaml runs/determinism (paths relative to the repository root)
#   SETTINGS="pinned:native pinned:avx2 fast:native fast:avx2" scripts/determinism-check.sh
#       trains only these (mode:machine); the default is every mode on every machine below
#
# A "machine" is simulated by the limit each numeric library accepts through its own variable
# (ATen: ATEN_CPU_CAPABILITY, oneDNN: ONEDNN_MAX_CPU_ISA, oneMKL: MKL_ENABLE_INSTRUCTIONS), set
# before bin/rambo-bench starts; "native" sets none. A limit below the pinned level (AVX2) is what
# a CPU without AVX2 would run, so the launcher keeps it; the pin lowers every limit above it.
# Levels this CPU lacks are skipped. Finished runs are kept, so an interrupted check resumes.
# Needs python3 (scripts/compare-runs.py compares the run folders).
set -euo pipefail

root=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd)
cd "$root"   # paths are relative to the repository root
grid=${1:-configs/ci.yaml}
out=${2:-runs/determinism}
shift $(($# < 2 ? $# : 2))
launcher="$root/bin/rambo-bench"
compare="$root/scripts/compare-runs.py"

flags=$(grep -m1 '^flags' /proc/cpuinfo || true)
has() { [[ " $flags " == *" $1 "* ]]; }

declare -A limits=([native]="")
order=(native)
add() { limits[$1]=$2; order+=("$1"); }
has avx512f && add avx512-core "ATEN_CPU_CAPABILITY=avx512 ONEDNN_MAX_CPU_ISA=AVX512_CORE MKL_ENABLE_INSTRUCTIONS=AVX512"
has avx2 && add avx2 "ATEN_CPU_CAPABILITY=avx2 ONEDNN_MAX_CPU_ISA=AVX2 MKL_ENABLE_INSTRUCTIONS=AVX2"
has avx && add avx "ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=AVX MKL_ENABLE_INSTRUCTIONS=AVX"
add sse41 "ATEN_CPU_CAPABILITY=default ONEDNN_MAX_CPU_ISA=SSE41 MKL_ENABLE_INSTRUCTIONS=SSE4_2"

settings=()
if [[ -n "${SETTINGS:-}" ]]; then
    read -r -a settings <<< "$SETTINGS"
else
    for mode in pinned fast; do for m in "${order[@]}"; do settings+=("$mode:$m"); done; done
fi

echo "this CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2-);" \
    "$(grep -o 'avx2\|fma\|avx512[a-z_0-9]*\|amx[a-z_0-9]*' /proc/cpuinfo | sort -u | tr '\n' ' ')"
mkdir -p "$out"
for s in "${settings[@]}"; do
    mode=${s%%:*} machine=${s#*:}
    [[ $mode == pinned || $mode == fast ]] || { echo "unknown mode in '$s' (pinned or fast)" >&2; exit 2; }
    [[ -v "limits[$machine]" ]] || { echo "unknown or unsupported machine in '$s' (${order[*]})" >&2; exit 2; }
    dir="$out/$mode-$machine"
    echo "== $mode on $machine ${limits[$machine]}"
    # shellcheck disable=SC2086  # the limits are words on purpose
    (env -u ATEN_CPU_CAPABILITY -u ONEDNN_MAX_CPU_ISA -u DNNL_MAX_CPU_ISA -u MKL_ENABLE_INSTRUCTIONS \
        -u MKL_CBWR RAMBO_CPU_MODE="$mode" ${limits[$machine]} "$launcher" run "$grid" --runs-dir "$dir" \
        --no-progress "$@" >"$dir.log" 2>&1) || { echo "training failed: see $dir.log" >&2; exit 3; }
done

echo
echo "| mode | simulated machine | compared with | result |"
echo "|---|---|---|---|"
for s in "${settings[@]}"; do
    mode=${s%%:*} machine=${s#*:}
    [[ $machine != native && -d "$out/$mode-native" ]] || continue
    result=$(python3 "$compare" "$out/$mode-native" "$out/$mode-$machine" || true)
    echo "| $mode | $machine (${limits[$machine]}) | $mode on this CPU | $result |"
done
if [[ -d "$out/pinned-native" && -d "$out/fast-avx2" ]]; then
    echo "| fast | avx2 | pinned on this CPU | $(python3 "$compare" "$out/pinned-native" "$out/fast-avx2" || true) |"
fi

#!/usr/bin/env bash
# The full JMH suite of issue #6 (what `make bench` runs). Writes into reports/bench/:
#   environment.json                      JVM, threads, machine, load at the start
#   ranking|cost|losses|losses-1024|side-by-side|paper-scale.{json,csv}   JMH's own JSON and CSV
#   summary.csv, summary.md               fitted exponents, the issue's ratios, paper scale, memory
# About 50 minutes on 2 cores (longer on a loaded machine). Needs the benchmarks jar:
#   mvn -B -o -q package -DskipTests   (or: make build)
# Environment: BENCH_JAR (default harness/target/benchmarks.jar), BENCH_OUT (default reports/bench),
#   JAVA (default java), BENCH_JAVA_OPTS (options of the runner JVM, e.g. -Djmh.ignoreLock=true), JMH_EXTRA (extra JMH options for every group, e.g. "-wi 1 -i 2"),
#   BENCH_GROUPS (default "ranking cost losses side-by-side paper-scale").
set -euo pipefail
cd "$(dirname "$0")/../.."

JAR=${BENCH_JAR:-harness/target/benchmarks.jar}
OUT=${BENCH_OUT:-reports/bench}
JAVA=${JAVA:-java}
GROUPS_TO_RUN=${BENCH_GROUPS:-ranking cost losses side-by-side paper-scale}
read -r -a EXTRA <<< "${JMH_EXTRA:-}"
read -r -a JOPTS <<< "${BENCH_JAVA_OPTS:-}"
B='org\.rambo\.harness\.bench\.'
MEMORY_PROFILERS=(-prof gc -prof org.rambo.harness.bench.PeakMemoryProfiler)

if [[ ! -f "$JAR" ]]; then
  echo "missing $JAR: build it first (mvn -B -o -q package -DskipTests)" >&2
  exit 1
fi
mkdir -p "$OUT"

run() { # run NAME REGEX [JMH options...]
  local name=$1
  shift
  echo "== $name: $*"
  "$JAVA" -Dai.djl.offline=true "${JOPTS[@]}" -cp "$JAR" org.rambo.harness.bench.BenchRunner "$OUT" "$name" "$@" "${EXTRA[@]}"
}

environment() {
  "$JAVA" -Dai.djl.offline=true -cp "$JAR" org.rambo.harness.bench.BenchEnvironment "$OUT/environment.json" \
    "groups=$GROUPS_TO_RUN" "jmh_extra=${JMH_EXTRA:-}" \
    "jmh_defaults=forks 1; warmup 2 x 1 s; measurement 3 x 1 s (side-by-side 4 x 1 s; paper scale 1 + 3 single shots)" \
    "git_head=$(git rev-parse --short HEAD 2>/dev/null || echo unknown)" \
    "rambo_last_commit=$(git log -1 --format=%h -- rambo 2>/dev/null || echo unknown)" \
    "benchmarks_jar=$JAR" "$@"
}
started=$(date -u +%Y-%m-%dT%H:%M:%SZ)
load_at_start=$(cat /proc/loadavg 2>/dev/null || echo unknown)
environment "suite_started=$started"

start=$(date +%s)
for group in $GROUPS_TO_RUN; do
  case $group in
    ranking)      run ranking "${B}(Row|Matrix)RankingBench\." ;;
    cost)         run cost "${B}RamboCostBench\." ;;
    losses)
      run losses "${B}LossStepBench\." -p n=32,64,128,256,512 "${MEMORY_PROFILERS[@]}"
      # Smooth-AP at batch 1024 needs more than 20 GB here (B^3 soft-rank terms kept for the
      # backward): it was killed by the kernel's OOM killer on a 24 GB machine, so it is left out.
      run losses-1024 "${B}LossStepBench\." -p n=1024 -p loss=rambo-recall,rambo-ap,contrastive,triplet:mining=batchhard \
        "${MEMORY_PROFILERS[@]}" ;;
    side-by-side) run side-by-side "${B}SideBySideBench\." ;;
    paper-scale)  run paper-scale "${B}PaperScaleBench\." ;;
    *) echo "unknown group $group" >&2; exit 2 ;;
  esac
done
minutes=$(( ($(date +%s) - start) / 60 ))
echo "suite took $minutes min"
environment "suite_started=$started" "suite_minutes=$minutes" "load_average_at_suite_start=$load_at_start" \
  "load_average_at_end=$(cat /proc/loadavg 2>/dev/null || echo unknown)"

"$JAVA" -cp "$JAR" org.rambo.harness.bench.ScalingFit "$OUT" "$OUT"

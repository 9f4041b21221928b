#!/usr/bin/env bash
# The Slurm end-to-end check (make slurm-check; CI runs it after make check):
#   1. a single-node Slurm on this machine (scripts/slurm-local.sh start);
#   2. `rambo-bench slurm configs/ci.yaml` submits the ci grid as a job array and the report job;
#      every run must finish, the report job must write report.html, and the runs must pass the
#      regression gate (rambo-bench check against reports/reference/ci.csv);
#   3. requeue: one run of the grid is put back in the queue with `scontrol requeue` in the middle
#      of its second epoch; the requeued task resumes from the checkpoint and must end with the
#      same last-epoch metrics as the uninterrupted run of the same config (make check's, in
#      REFERENCE_RUNS/ci, else the one of step 2).
# Needs root (Slurm's daemons), data/fashion-mnist and the jar (make build). Leaves Slurm running;
# scripts/slurm-local.sh stop stops it.
#
# Environment: SLURM_CI_DIR work folder (default: a new folder under /var/tmp), SLURM_CI_TIMEOUT
# seconds to wait for each set of jobs (default 1800), REFERENCE_RUNS (default runs), RAMBO_JAVA_OPTS
# and RAMBO_CPU_MODE (read by bin/rambo-bench, which this script and every array task run).
set -euo pipefail
cd "$(dirname "$0")/.."

JAR=harness/target/rambo-bench.jar
WORK=${SLURM_CI_DIR:-$(mktemp -d /var/tmp/rambo-slurm-ci.XXXXXX)}
TIMEOUT=${SLURM_CI_TIMEOUT:-1800}
REFERENCE_RUNS=${REFERENCE_RUNS:-runs}
STARTED=$SECONDS

# the launcher (CPU pin) here and in the array tasks, so the runs match make check's to the digit
rambo() { bin/rambo-bench "$@"; }
say() { echo "slurm-ci: $*"; }
fail() { echo "slurm-ci: FAILED: $*" >&2; exit 1; }

[ -f "$JAR" ] || fail "$JAR missing: make build first"
mkdir -p "$WORK"
bash scripts/slurm-local.sh start

# Waits until none of the given jobs (or array tasks) is pending or running.
wait_jobs() {
  local deadline=$((SECONDS + TIMEOUT)) ids
  ids=$(IFS=,; echo "$*")
  while [ -n "$(squeue -h -j "$ids" 2>/dev/null)" ]; do
    [ $SECONDS -lt $deadline ] || { squeue; fail "jobs $ids still queued or running after ${TIMEOUT}s"; }
    sleep 1
  done
}

# The job id after "submitted <what>: job " in rambo-bench slurm's output.
job_id() { sed -n "s/^submitted $1: job \([0-9][0-9]*\).*/\1/p" <<<"$2"; }

# Prints a run folder's final.json "last" metrics as canonical JSON (sorted keys).
last_metrics() {
  python3 -c 'import json,sys; print(json.dumps(json.load(open(sys.argv[1]))["last"], sort_keys=True))' "$1/final.json"
}

# --- 2. the ci grid as a job array, then the report --------------------------------------------
RUNS=$WORK/runs
RESULTS=$WORK/results/ci
t0=$SECONDS
out=$(rambo slurm configs/ci.yaml --runs-dir "$RUNS" --report-dir "$RESULTS" --cpus-per-task 1)
echo "$out"
array=$(job_id "training array" "$out")
report=$(job_id "report job" "$out")
[ -n "$array" ] && [ -n "$report" ] || fail "rambo-bench slurm printed no job ids"
wait_jobs "$array" "$report"
say "ci grid array $array and report job $report done in $((SECONDS - t0))s"

listing=$(rambo list configs/ci.yaml --runs-dir "$RUNS")
echo "$listing"
if awk 'NR > 1 && $4 != "finished" { bad = 1 } END { exit !bad }' <<<"$listing"; then
  tail -n 20 "$RUNS"/ci/slurm/*.out >&2 || true
  fail "not every run of the ci grid finished"
fi
[ -s "$RESULTS/report.html" ] || { cat "$RUNS"/ci/slurm/report-*.out >&2 || true; fail "the report job wrote no $RESULTS/report.html"; }
[ -s "$RESULTS/results.csv" ] && [ -s "$RESULTS/summary.csv" ] || fail "the report job wrote no results.csv/summary.csv"
rambo check "$RUNS/ci" --against reports/reference/ci.csv --out "$RESULTS/check.csv"
say "every run finished, report.html written, regression gate passed"

# --- 3. requeue in the middle of the second epoch ----------------------------------------------
METHOD=rambo-ap
SEED=0
REQ=$WORK/requeue
out=$(rambo slurm configs/ci.yaml --only "$METHOD" --seeds "$SEED" --runs-dir "$REQ" \
      --report-dir "$WORK/results/requeue" --cpus-per-task 2)
echo "$out"
array=$(job_id "training array" "$out")
report=$(job_id "report job" "$out")
[ -n "$array" ] || fail "rambo-bench slurm printed no array job id"
folder=$(rambo list configs/ci.yaml --only "$METHOD" --seeds "$SEED" --runs-dir "$REQ" | awk 'NR == 2 { print $5 }')
deadline=$((SECONDS + TIMEOUT))
until [ -f "$folder/checkpoint.ndlist" ]; do
  [ ! -f "$folder/final.json" ] || fail "the run ended before its first checkpoint was seen"
  [ $SECONDS -lt $deadline ] || fail "no checkpoint in $folder after ${TIMEOUT}s"
  sleep 0.1
done
sleep 1   # into the second epoch
[ ! -f "$folder/final.json" ] || fail "the run ended before it could be interrupted (an epoch is shorter than 1 s?)"
scontrol requeue "${array}_0"
say "requeued task ${array}_0 after its first checkpoint"
wait_jobs "$array" "$report"
restarts=$(scontrol show job "${array}_0" 2>/dev/null | sed -n 's/.*Restarts=\([0-9]*\).*/\1/p')
[ "${restarts:-0}" -ge 1 ] || fail "task ${array}_0 was not restarted (Restarts=${restarts:-?})"
[ -f "$folder/final.json" ] || fail "the requeued run did not finish: $(tail -n 5 "$REQ"/ci/slurm/*.out)"
grep -qi "resum" "$folder/log.txt" || fail "the requeued run did not resume from its checkpoint (no 'resuming' in log.txt)"

name=$(basename "$folder")
reference=$REFERENCE_RUNS/ci/$name
[ -f "$reference/final.json" ] || reference=$RUNS/ci/$name
got=$(last_metrics "$folder")
want=$(last_metrics "$reference")
[ "$got" = "$want" ] || fail "requeued run's last metrics differ from $reference:
  requeued:      $got
  uninterrupted: $want"
say "requeued run resumed (Restarts=$restarts) and ended with the metrics of $reference"
say "passed in $((SECONDS - STARTED))s"

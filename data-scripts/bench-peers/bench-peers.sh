#!/usr/bin/env bash
# Times RaMBO's losses beside their peers on the training shapes and the paper scale, side by
# side: the Java step (bench/target/benchmarks.jar, org.rambo.bench.TrainingShapes) and the
# Python peers (peers.py: the public reference code blackbox-backprop, pytorch-metric-learning)
# take turns round by round, so a change of machine load hits both alike. Writes one CSV:
#   shape,implementation,threads,rounds,median_ms
# (implementation rambo | reference | pml-contrastive; median of 7 calls per round, 3 on the
# paper shapes; the best round kept). Optional: the Java build does not need any of this.
#
#   bash data-scripts/bench-peers/bench-peers.sh [options]
#     --jar JAR          the benchmarks jar (default bench/target/benchmarks.jar)
#     --out CSV          where to write (default reports/bench/training-shapes.csv)
#     --reference DIR    a checkout of github.com/martius-lab/blackbox-backprop; without it the
#                        script clones it into the cache folder (needs git and the network)
#     --wheels DIR       install from a folder of wheels instead of the package index
#                        (pip --no-index --find-links DIR); repeat for several folders
#     --venv DIR         the Python venv (default $XDG_CACHE_HOME/rambo-bench-peers/venv)
#     --python EXE       the Python that creates the venv (default python3; 3.9 or later)
#     --rounds N         rounds per side (default 3)
#     --shapes "S ..."   a subset of the shapes (default all seven)
#     --threads N        threads on both sides (PyTorch intra-op threads; on the Java side also
#                        the row-parallel pool); default: what each side picks (one per core)
#     --clock cpu        time by the calling thread's CPU time instead of the wall clock (both sides):
#                        on a machine shared with other work, with --threads 1, this measures the
#                        work rather than the scheduler
#     --no-pml           skip pytorch-metric-learning
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
root="$(cd "$here/../.." && pwd)"

jar="$root/bench/target/benchmarks.jar"
out="$root/reports/bench/training-shapes.csv"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/rambo-bench-peers"
venv=""
reference=""
python="python3"
rounds=3
shapes="matrix-128x1280-recall matrix-128x1280-ap batch-128-d512 batch-512-d512 batch-1024-d512 paper-1x2^20 paper-16x2^20"
wheels=()
pml_flag=()
threads=""
clock="wall"
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --reference) reference="$2"; shift 2 ;;
    --wheels) wheels+=("$2"); shift 2 ;;
    --venv) venv="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    --no-pml) pml_flag=(--no-pml); shift ;;
    --threads) threads="$2"; shift 2 ;;
    --clock) clock="$2"; shift 2 ;;
    -h|--help) sed -n '2,28p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
venv="${venv:-$cache/venv}"
java_opts=()
py_opts=()
if [ -n "$threads" ]; then
  case "$threads" in *[!0-9]*|0) die "--threads needs a positive number, got $threads" ;; esac
  # the row-parallel pool runs on the caller plus (parallelism) workers
  java_opts=(-Dai.djl.pytorch.num_threads="$threads" -Dai.djl.pytorch.num_interop_threads=1
                -Djava.util.concurrent.ForkJoinPool.common.parallelism=$((threads - 1)))
  py_opts=(--threads "$threads")
fi
case "$clock" in wall|cpu) ;; *) die "--clock is wall or cpu, got $clock" ;; esac
java_opts+=(-Dbench.clock="$clock")
py_opts+=(--clock "$clock")
[ -f "$jar" ] || die "no benchmarks jar at $jar (run: make build)"
command -v java >/dev/null 2>&1 || die "java is not on PATH"
case "$rounds" in ''|*[!0-9]*|0) die "--rounds needs a positive number, got $rounds" ;; esac

# The venv: torch (CPU), numpy, pytorch-metric-learning 2.9.0.
packages=(torch numpy "pytorch-metric-learning==2.9.0")
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import torch, numpy, pytorch_metric_learning" 2>/dev/null; then
  command -v "$python" >/dev/null 2>&1 || die "$python not found (give one with --python)"
  note "creating the peers' venv in $venv"
  "$python" -m venv "$venv" || die "cannot create a venv with $python (on Debian/Ubuntu: apt-get install python3-venv)"
  if [ ${#wheels[@]} -gt 0 ]; then
    links=()
    for w in "${wheels[@]}"; do
      [ -d "$w" ] || die "--wheels $w is not a folder"
      links+=(--find-links "$w")
    done
    "$venv/bin/pip" install --no-index "${links[@]}" "${packages[@]}" \
      || die "pip could not install ${packages[*]} from ${wheels[*]} (the folders need torch, numpy, pytorch-metric-learning 2.9.0 and their dependencies)"
  else
    # the CPU build of torch: PyTorch's own index, everything else from PyPI
    "$venv/bin/pip" install --extra-index-url https://download.pytorch.org/whl/cpu "${packages[@]}" \
      || die "pip could not install ${packages[*]} (no network? give a folder of wheels with --wheels DIR)"
  fi
fi

# The public reference code: a folder the user names, or a clone in the cache.
if [ -z "$reference" ]; then
  reference="$cache/blackbox-backprop"
  if [ ! -f "$reference/blackbox_backprop/recall.py" ]; then
    command -v git >/dev/null 2>&1 || die "git is not installed: clone github.com/martius-lab/blackbox-backprop yourself and pass --reference DIR"
    note "cloning the reference code into $reference"
    rm -rf "$reference"
    git clone --depth 1 https://github.com/martius-lab/blackbox-backprop "$reference" \
      || die "cannot clone github.com/martius-lab/blackbox-backprop (no network? clone it elsewhere and pass --reference DIR)"
  fi
fi
[ -f "$reference/blackbox_backprop/recall.py" ] || die "$reference has no blackbox_backprop/recall.py"

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# shellcheck disable=SC2086  # the shapes are words on purpose
for r in $(seq 1 "$rounds"); do
  note "round $r of $rounds: RaMBO (Java)"
  java -Dai.djl.offline=true -Xmx12g "${java_opts[@]}" -cp "$jar" org.rambo.bench.TrainingShapes "$tmp/java-$r.csv" 1 $shapes >/dev/null \
    || die "the Java timing failed (round $r)"
  note "round $r of $rounds: peers (Python)"
  "$venv/bin/python" "$here/peers.py" --reference "$reference" "${pml_flag[@]}" "${py_opts[@]}" --rounds 1 --out "$tmp/peers-$r.csv" $shapes \
    || die "the peers' timing failed (round $r)"
done
mkdir -p "$(dirname "$out")"
"$venv/bin/python" "$here/peers.py" --merge "$out" "$tmp"/java-*.csv "$tmp"/peers-*.csv
note "wrote $out"
cat "$out"

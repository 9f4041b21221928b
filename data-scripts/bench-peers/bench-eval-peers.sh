#!/usr/bin/env bash
# The held-out evaluation beside pytorch-metric-learning's AccuracyCalculator with faiss, on
# synthetic L2-normalised 512-d embeddings shaped like the test sets (eval_peers.py makes them),
# one after the other on the same files and threads. Writes one CSV:
#   shape,implementation,threads,seconds,process_seconds,process_cpu_seconds,peak_mb,precision_at_1,r_precision,map_at_r,nmi,warm_seconds
# Each side evaluates twice in one process. seconds: the first evaluation itself (ours: neighbours
# + k-means as `evaluate --repeat 2` prints them; PML: get_accuracy with loading the arrays);
# warm_seconds: the second (for us: the evaluation's code compiled, no JIT warm-up);
# process_seconds, process_cpu_seconds (user + system) and peak_mb: the whole
# process (start-up, reading, engine load, both evaluations). On a loaded machine CPU seconds vary
# less than wall.
#
#   bash data-scripts/bench-peers/bench-eval-peers.sh [options]
#     --out CSV          where to write (default reports/bench/evaluation-peers.csv)
#     --shapes "S ..."   of cub inshop sop20k sop (default: cub inshop sop20k sop)
#     --threads N        threads on both sides (default 2)
#     --data DIR         where the synthetic sets go (default $XDG_CACHE_HOME/rambo-bench-peers/eval-data)
#     --wheels DIR       install from a folder of wheels instead of the package index (repeatable)
#     --venv DIR         the Python venv (default $XDG_CACHE_HOME/rambo-bench-peers/eval-venv)
#     --python EXE       the Python that creates the venv (default python3)
# Needs: make build (harness/target/rambo-bench.jar), GNU time (/usr/bin/time), Python 3.9+.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
root="$(cd "$here/../.." && pwd)"

cache="${XDG_CACHE_HOME:-$HOME/.cache}/rambo-bench-peers"
out="$root/reports/bench/evaluation-peers.csv"
shapes="cub inshop sop20k sop"
threads=2
data="$cache/eval-data"
venv=""
python="python3"
wheels=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$2"; shift 2 ;;
    --shapes) shapes="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    --data) data="$2"; shift 2 ;;
    --wheels) wheels+=("$2"); shift 2 ;;
    --venv) venv="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
venv="${venv:-$cache/eval-venv}"
case "$threads" in ''|*[!0-9]*|0) die "--threads needs a positive number, got $threads" ;; esac
[ -f "$root/harness/target/rambo-bench.jar" ] || die "no harness/target/rambo-bench.jar (run: make build)"
[ -x /usr/bin/time ] || die "GNU time is not installed at /usr/bin/time (Debian: apt-get install time)"

packages=(torch numpy faiss-cpu scikit-learn "pytorch-metric-learning==2.9.0")
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import torch, numpy, faiss, pytorch_metric_learning" 2>/dev/null; then
  command -v "$python" >/dev/null 2>&1 || die "$python not found (give one with --python)"
  note "creating the evaluation peers' venv in $venv"
  "$python" -m venv "$venv" || die "cannot create a venv with $python (on Debian/Ubuntu: apt-get install python3-venv)"
  if [ ${#wheels[@]} -gt 0 ]; then
    links=()
    for w in "${wheels[@]}"; do
      [ -d "$w" ] || die "--wheels $w is not a folder"
      links+=(--find-links "$w")
    done
    "$venv/bin/pip" install --no-index "${links[@]}" "${packages[@]}" \
      || die "pip could not install ${packages[*]} from ${wheels[*]}"
  else
    "$venv/bin/pip" install --extra-index-url https://download.pytorch.org/whl/cpu "${packages[@]}" \
      || die "pip could not install ${packages[*]} (no network? give a folder of wheels with --wheels DIR)"
  fi
fi

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$(dirname "$out")"
echo "shape,implementation,threads,seconds,process_seconds,process_cpu_seconds,peak_mb,precision_at_1,r_precision,map_at_r,nmi,warm_seconds" > "$tmp/out.csv"
for shape in $shapes; do
  dir="$data/$shape"
  if [ ! -f "$dir/labels.npy" ] && [ ! -f "$dir/query_labels.npy" ]; then
    note "making the $shape set in $dir"
    "$venv/bin/python" "$here/eval_peers.py" data --shape "$shape" --out "$dir" || die "cannot make the $shape set"
  fi
  if [ -f "$dir/labels.npy" ]; then
    inputs=(--embeddings "$dir/embeddings.npy" --labels "$dir/labels.npy")
  else
    inputs=(--queries "$dir/queries.npy" --query-labels "$dir/query_labels.npy"
            --gallery "$dir/gallery.npy" --gallery-labels "$dir/gallery_labels.npy")
  fi
  note "$shape: rambo-bench evaluate, $threads threads"
  RAMBO_JAVA_OPTS="-Xmx2g -Dai.djl.pytorch.num_threads=$threads -Dai.djl.pytorch.num_interop_threads=1" \
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$root/bin/rambo-bench" evaluate "${inputs[@]}" \
    --threads "$threads" --no-progress --repeat 2 --out "$tmp/ours.json" >/dev/null 2>"$tmp/ours.err" \
    || { cat "$tmp/ours.err" >&2; die "rambo-bench evaluate failed on $shape"; }
  "$venv/bin/python" - "$tmp/ours.json" "$tmp/ours.err" "$tmp/time" "$shape" "$threads" >> "$tmp/out.csv" <<'PY'
import json, re, sys
m = json.load(open(sys.argv[1]))
lines = [l for l in open(sys.argv[2]) if "neighbours " in l]
first, warm = (sum(float(re.search(part + r" ([0-9.]+) s", l).group(1)) for part in ("neighbours", "k-means"))
               for l in (lines[0], lines[-1]))
wall, user, system, kb = open(sys.argv[3]).read().split()[-4:]
print(f"{sys.argv[4]},rambo,{sys.argv[5]},{first:.2f},{float(wall):.2f},{float(user) + float(system):.2f},{int(kb) / 1024:.0f},"
      f"{m['precision_at_1']},{m['r_precision']},{m['map_at_r']},{m['nmi']},{warm:.2f}")
PY
  note "$shape: PML AccuracyCalculator (faiss), $threads threads"
  /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$venv/bin/python" "$here/eval_peers.py" pml --dir "$dir" \
    --threads "$threads" --repeat 2 --out "$tmp/pml.json" >/dev/null 2>"$tmp/pml.err" \
    || { cat "$tmp/pml.err" >&2; die "the PML evaluation failed on $shape"; }
  "$venv/bin/python" - "$tmp/pml.json" "$tmp/time" "$shape" "$threads" >> "$tmp/out.csv" <<'PY'
import json, sys
m = json.load(open(sys.argv[1]))
wall, user, system, kb = open(sys.argv[2]).read().split()[-4:]
print(f"{sys.argv[3]},pml-faiss,{sys.argv[4]},{m['seconds']:.2f},{float(wall):.2f},{float(user) + float(system):.2f},{int(kb) / 1024:.0f},"
      f"{m['precision_at_1']},{m['r_precision']},{m['mean_average_precision_at_r']},{m['NMI']},{m['seconds_each'][-1]:.2f}")
PY
  tail -2 "$tmp/out.csv" >&2
done
mv "$tmp/out.csv" "$out"
note "wrote $out"
cat "$out"

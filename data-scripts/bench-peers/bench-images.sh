#!/usr/bin/env bash
# Times the suite's image pipeline beside Pillow and OpenCV on the same JPEG files, round by
# round (Java, then Pillow and OpenCV, then Java again ...), so a change of machine load hits
# all alike: the paper's training view (shorter side to 256, random crop 224, flip, ImageNet
# normalisation to float CHW) of 200 CUB-shaped JPEGs (org.rambo.bench.BenchImages: mostly
# 500 x 375, quality 90). Java on 1 .. --threads threads, the peers on one. Writes one CSV:
#   implementation,threads,images,wall_s,cpu_s      (one row per implementation and round)
# and prints the best round of each in images per CPU-second, with the ratio to Pillow, and
# the Java speed-up of two threads over one.
#
#   bash data-scripts/bench-peers/bench-images.sh [options]
#     --jar JAR          the benchmarks jar (default bench/target/benchmarks.jar)
#     --out CSV          where to write (default reports/bench/image-pipeline.csv)
#     --images DIR       where the JPEGs are written (default: the cache folder)
#     --wheels DIR       install from a folder of wheels (pip --no-index --find-links DIR); repeatable
#     --venv DIR         the Python venv (default $XDG_CACHE_HOME/rambo-bench-peers/image-venv)
#     --python EXE       the Python that creates the venv (default python3)
#     --rounds N         rounds (default 3)
#     --threads N        Java's largest thread count (default 2)
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=../lib.sh
source "$here/../lib.sh"
root="$(cd "$here/../.." && pwd)"

jar="$root/bench/target/benchmarks.jar"
out="$root/reports/bench/image-pipeline.csv"
cache="${XDG_CACHE_HOME:-$HOME/.cache}/rambo-bench-peers"
images=""
venv=""
python="python3"
rounds=3
threads=2
wheels=()
while [ $# -gt 0 ]; do
  case "$1" in
    --jar) jar="$2"; shift 2 ;;
    --out) out="$2"; shift 2 ;;
    --images) images="$2"; shift 2 ;;
    --wheels) wheels+=("$2"); shift 2 ;;
    --venv) venv="$2"; shift 2 ;;
    --python) python="$2"; shift 2 ;;
    --rounds) rounds="$2"; shift 2 ;;
    --threads) threads="$2"; shift 2 ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    *) die "unknown option $1 (see --help)" ;;
  esac
done
images="${images:-$cache/images-cub-shaped}"
venv="${venv:-$cache/image-venv}"
case "$rounds" in ''|*[!0-9]*|0) die "--rounds needs a positive number, got $rounds" ;; esac
case "$threads" in ''|*[!0-9]*|0) die "--threads needs a positive number, got $threads" ;; esac
[ -f "$jar" ] || die "no benchmarks jar at $jar (run: make build)"
command -v java >/dev/null 2>&1 || die "java is not on PATH"

packages=(numpy pillow opencv-python-headless)
if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c "import numpy, PIL, cv2" 2>/dev/null; then
  command -v "$python" >/dev/null 2>&1 || die "$python not found (give one with --python)"
  note "creating the image peers' venv in $venv"
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
    "$venv/bin/pip" install "${packages[@]}" \
      || die "pip could not install ${packages[*]} (no network? give a folder of wheels with --wheels DIR)"
  fi
fi

java -cp "$jar" org.rambo.bench.BenchImages "$images" 200 >/dev/null || die "cannot write the images to $images"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
for r in $(seq 1 "$rounds"); do
  note "round $r of $rounds: Java (1..$threads threads)"
  java -Xmx2g -cp "$jar" org.rambo.bench.ImageViews "$images" "$tmp/all.csv" "$threads" >/dev/null \
    || die "the Java timing failed (round $r)"
  note "round $r of $rounds: Pillow, OpenCV"
  "$venv/bin/python" "$here/image_peers.py" "$images" "$tmp/all.csv" >/dev/null \
    || die "the peers' timing failed (round $r)"
done
mkdir -p "$(dirname "$out")"
cp "$tmp/all.csv" "$out"
note "wrote $out"
"$venv/bin/python" "$here/image_peers.py" --summary "$out"

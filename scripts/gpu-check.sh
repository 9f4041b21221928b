#!/usr/bin/env bash
# gpu-check.sh: proves the GPU path of the suite on one machine in under 10 minutes, and writes
# what it saw to OUT/summary.md.
#
#   1. rambo-bench doctor on the paper CUB config: the libtorch loaded, CUDA, the GPU, a checked
#      forward and backward on it;
#   2. the paper CUB shape (ResNet-50, batch 128 = 32 classes x 4, crop 224 from 256) trained per
#      method for 500 steps on a synthetic CUB tree in CUB's real format, with the median time of
#      each step phase (steps.csv, timed with the device synchronised) and the live engine arrays
#      and device memory after steps 50 and 500 (log.txt): both must stay flat;
#   3. the ci grid (seed 0) on the CPU and on the GPU, last-epoch metrics side by side with the
#      band they are expected to agree within.
#
# Without a GPU (or with --cpu) the same steps run on the CPU at a small shape (ResNet-50 at
# batch 8, crop 64, 12 steps; the ci grid on the CPU only), which is how CI runs this script.
#
#   scripts/gpu-check.sh [--gpu | --cpu] [--out DIR] [--steps N]
#
# On a GPU machine, first (README: The paper protocol on a GPU):
#   export PYTORCH_LIBRARY_PATH=.../libtorch/lib PYTORCH_FLAVOR=cu128 PYTORCH_VERSION=2.7.1
#   mvn -B -q -DskipTests -Pgpu package && make data-fashion-mnist
set -euo pipefail
cd "$(dirname "$0")/.."

mode=auto
out=gpu-check
steps=
while [[ $# -gt 0 ]]; do
    case "$1" in
        --gpu) mode=gpu ;;
        --cpu) mode=cpu ;;
        --out) out=$2; shift ;;
        --steps) steps=$2; shift ;;
        -h | --help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
        *) echo "gpu-check: unknown argument '$1' (see --help)" >&2; exit 2 ;;
    esac
    shift
done

rb=bin/rambo-bench
say() { printf '[gpu-check %s] %s\n' "$(date +%H:%M:%S)" "$*"; }
mkdir -p "$out"
out=$(cd "$out" && pwd)
started=$(date +%s)

# 1. doctor: with a GPU grid it exits 1 when no GPU is usable; that decides the mode under auto
say "doctor"
if $rb doctor configs/paper/cub.yaml > "$out/doctor.txt" 2> "$out/doctor.err"; then
    gpu_usable=yes
else
    gpu_usable=no
fi
cat "$out/doctor.txt" "$out/doctor.err"
if [[ $mode == auto ]]; then
    mode=$([[ $gpu_usable == yes ]] && echo gpu || echo cpu)
elif [[ $mode == gpu && $gpu_usable == no ]]; then
    echo "gpu-check: --gpu, but doctor finds no usable GPU (above)" >&2
    exit 1
fi
if [[ $mode == cpu ]]; then
    $rb doctor configs/ci.yaml > "$out/doctor-cpu.txt" || { cat "$out/doctor-cpu.txt"; exit 1; }
fi
say "mode: $mode"

# 2. the paper CUB shape per method
if [[ $mode == gpu ]]; then
    steps=${steps:-500}
    every=$(( steps / 10 > 0 ? steps / 10 : 1 ))
    tree=(--classes 32 --images 8 --side 320)
    shape=(--set protocol.device=gpu)
else
    steps=${steps:-12}
    every=$(( steps / 4 > 0 ? steps / 4 : 1 ))
    tree=(--classes 8 --images 4 --side 96)
    shape=(--set protocol.device=cpu --set protocol.image.resize=72 --set protocol.image.crop=64
           --set protocol.sampler.classes_per_batch=4 --set protocol.sampler.samples_per_class=2
           --set protocol.threads=2)
fi
epochs=$(( steps / every ))
weights=(--set protocol.pretrained=)
[[ -f data/weights/resnet50-imagenet.pt ]] && weights=()
say "synthetic CUB tree"
$rb synthetic-cub "$out/data/cub" "${tree[@]}" > /dev/null
say "paper CUB shape: $steps steps per method (${epochs} epochs of $every), evaluated once at the end"
$rb run configs/paper/cub.yaml --seeds 0 --runs-dir "$out/runs" --no-progress \
    --set dataset.root="$out/data/cub" "${weights[@]}" "${shape[@]}" \
    --set protocol.epochs="$epochs" --set protocol.steps_per_epoch="$every" --set protocol.eval_every="$epochs" \
    2>&1 | tee "$out/paper-shape.log" | grep -E "epoch|finished|FAILED" || true

# 3. the ci grid, seed 0, on the CPU and (GPU mode) on the GPU
make --no-print-directory data-fashion-mnist > /dev/null
devices=(cpu)
[[ $mode == gpu ]] && devices+=(gpu)
for d in "${devices[@]}"; do
    say "ci grid on the $d"
    $rb run configs/ci.yaml --seeds 0 --runs-dir "$out/ci-$d" --no-progress --set protocol.device="$d" \
        > "$out/ci-$d.log" 2>&1 || { tail -5 "$out/ci-$d.log"; exit 1; }
done

say "summary"
python3 - "$out" "$mode" "$steps" "$every" "$(( $(date +%s) - started ))" <<'EOF'
import csv, glob, json, math, os, re, statistics, sys

out, mode, steps, every, seconds = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
lines = ["# GPU check (%s mode)" % mode, ""]
lines += ["Made by scripts/gpu-check.sh in %d s. Engine and device (rambo-bench doctor):" % seconds, "", "```"]
lines += open(os.path.join(out, "doctor.txt")).read().splitlines()
lines += open(os.path.join(out, "doctor.err")).read().splitlines()
lines += ["```", ""]

phases = ["data_ms", "forward_ms", "loss_ms", "sort_ms", "backward_ms", "optimizer_ms"]
first_mark, last_mark = every, steps
lines += ["## The paper CUB shape, %d steps per method" % steps, ""]
lines += ["Median milliseconds per phase over the steps after the first %d (steps.csv, device synchronised at "
          "phase boundaries); live engine arrays and device memory after step %d and step %d (log.txt)."
          % (every, first_mark, last_mark), ""]
lines += ["| method | " + " | ".join(p[:-3] for p in phases) + " | step | after step %d | after step %d | flat |"
          % (first_mark, last_mark), "|---" * (len(phases) + 5) + "|"]
usage = re.compile(r"epoch (\d+) loss .*\((live arrays \d+[^)]*)\)")
all_flat = True
for folder in sorted(glob.glob(os.path.join(out, "runs", "paper-cub", "*"))):
    method = json.load(open(os.path.join(folder, "config.json")))["method"]
    with open(os.path.join(folder, "steps.csv")) as f:
        rows = [r for r in csv.DictReader(f) if (int(r["epoch"]) - 1) * every + int(r["step"]) > every]
    med = [statistics.median(float(r[p]) for r in rows) if rows else float("nan") for p in phases]
    seen = {}
    for line in open(os.path.join(folder, "log.txt")):
        m = usage.search(line)
        if m:
            seen[int(m.group(1)) * every] = m.group(2)
    a, b = seen.get(first_mark, "?"), seen.get(last_mark, "?")
    count = lambda s: re.search(r"live arrays (\d+)", s).group(1) if "live arrays" in s else None
    flat = count(a) is not None and count(a) == count(b)
    all_flat &= flat
    lines.append("| %s | %s | %.1f | %s | %s | %s |" % (
        method, " | ".join("%.1f" % v for v in med), sum(med), a, b, "yes" if flat else "NO"))
lines.append("")

ref = {}
with open("reports/reference/ci.csv") as f:
    for r in csv.DictReader(l for l in f if not l.startswith("#")):
        ref[(r["method"], r["metric"])] = r
def last(d):
    res = {}
    for folder in glob.glob(os.path.join(out, "ci-" + d, "ci", "*")):
        fin = os.path.join(folder, "final.json")
        if os.path.exists(fin):
            j = json.load(open(fin))
            res[j["method"]] = j.get("last") or {}
    return res
cpu, gpu = last("cpu"), last("gpu") if mode == "gpu" else {}
lines += ["## The ci grid, seed 0, on the CPU%s" % (" and on the GPU" if mode == "gpu" else ""), ""]
lines += ["Expected to agree within the band the regression gate allows one seed against the reference's five "
          "(k * std * sqrt(1 + 1/n), at least the floor; reports/reference/ci.csv): GPU kernels (cuDNN's "
          "algorithm choice, atomic adds) do not give the CPU's digits (docs/determinism.md).", ""]
lines += ["| method | metric | CPU % | " + ("GPU % | difference | band | within |" if mode == "gpu" else "band |"),
          "|---|---|---|" + ("---|---|---|---|" if mode == "gpu" else "---|")]
outside = 0
for method in sorted(cpu):
    for metric in ("recall_at_1", "map_at_r", "nmi"):
        r = ref.get((method, metric))
        band = max(float(r["k"]) * float(r["std"]) * math.sqrt(1 + 1 / int(r["n"])), float(r["floor"])) if r else float("nan")
        c = cpu[method].get(metric)
        row = "| %s | %s | %s | " % (method, metric, "%.2f" % (100 * c) if c is not None else "-")
        if mode == "gpu":
            g = gpu.get(method, {}).get(metric)
            diff = (g - c) if g is not None and c is not None else float("nan")
            ok = abs(diff) <= band
            outside += 0 if ok else 1
            row += "%s | %+.2f | %.2f | %s |" % ("%.2f" % (100 * g) if g is not None else "-", 100 * diff, 100 * band,
                                                "yes" if ok else "NO")
        else:
            row += "%.2f |" % (100 * band)
        lines.append(row)
lines.append("")
verdict = "flat" if all_flat else "GROWING"
lines.append("Verdict: live arrays %s over the paper shape%s." % (
    verdict, "" if mode != "gpu" else "; %d ci metrics outside their band" % outside))
open(os.path.join(out, "summary.md"), "w").write("\n".join(lines) + "\n")
print("\n".join(lines))
sys.exit(0 if all_flat and outside == 0 else 1)
EOF
say "done: $out/summary.md"

"""Times the peers of RaMBO's losses on the training shapes (see bench-peers.sh).

reference        blackbox-backprop's RecallLoss / MapLoss (the public code of the paper), loaded
                 from the folder given with --reference; on the batch shapes it gets the cosine
                 matrix of the L2-normalised embeddings with the diagonal removed.
pml-contrastive  pytorch-metric-learning's ContrastiveLoss(pos_margin=0, neg_margin=0.5) on the
                 embeddings (its default distance normalises them).

Every step is forward + backward to the input, as a training step runs it. Per round: warm-up
(at least 5 calls, 1 on the paper shapes, and 2 s), then the median of 7 calls (3 on the paper shapes); the best round is kept. Writes CSV rows
shape,implementation,threads,rounds,median_ms.  `peers.py --merge OUT FILE...` merges per-round
files (ours and the peers') into OUT, keeping each pair's best round.
"""
import argparse
import csv
import importlib
import os
import statistics
import sys
import time
import types

np = torch = F = None  # numpy and torch: imported by load_torch(), only for timing (merging needs neither)


def load_torch():
    global np, torch, F
    import numpy as np
    import torch
    import torch.nn.functional as F

SHAPES = ["matrix-128x1280-recall", "matrix-128x1280-ap", "batch-128-d512", "batch-512-d512",
          "batch-1024-d512", "paper-1x2^20", "paper-16x2^20"]
DIM = 512
LAMBDA = 4.0
MARGIN = 0.02


def load_reference(folder):
    """The reference's ranking losses without its package __init__ (which imports the graph solvers)."""
    pkg_dir = os.path.join(folder, "blackbox_backprop")
    if not os.path.isfile(os.path.join(pkg_dir, "recall.py")):
        sys.exit(f"{folder}: no blackbox_backprop/recall.py (expected a clone of martius-lab/blackbox-backprop)")
    pkg = types.ModuleType("blackbox_backprop")
    pkg.__path__ = [pkg_dir]
    sys.modules["blackbox_backprop"] = pkg
    recall = importlib.import_module("blackbox_backprop.recall")
    mean_ap = importlib.import_module("blackbox_backprop.mAP")
    return recall, mean_ap


def matrix(rows, cols, rng):
    scores = torch.from_numpy(rng.uniform(-1, 1, size=(rows, cols)).astype(np.float32))
    relevance = (rng.integers(0, 10, size=(rows, cols)) == 0).astype(np.float32)
    relevance[:, 0] = 1.0  # at least one positive per row, as the Java inputs
    return scores, torch.from_numpy(relevance)


def embeddings(batch, rng):
    x = torch.from_numpy(rng.uniform(-1, 1, size=(batch, DIM)).astype(np.float32))
    labels = torch.arange(batch) // 4  # 4 images per class, as the samplers draw them
    return x, labels


def steps(shape, reference, pml):
    """implementation -> a callable running one forward + backward of that shape."""
    rng = np.random.default_rng(11)
    out = {}
    if shape.startswith("batch-"):
        batch = int(shape.split("-")[1])
        x0, labels = embeddings(batch, rng)
        if reference is not None:
            recall = reference[0].RecallLoss(lambda_val=LAMBDA, margin=MARGIN, weight_fn=torch.log1p)
            off_diagonal = ~torch.eye(batch, dtype=torch.bool)
            relevance = (labels[:, None] == labels[None, :])[off_diagonal].view(batch, batch - 1).float()

            def ref_step():
                x = x0.clone().requires_grad_(True)
                e = F.normalize(x, dim=1)
                scores = (e @ e.t())[off_diagonal].view(batch, batch - 1)
                recall(scores, relevance).backward()
                return x.grad

            out["reference"] = ref_step
        if pml is not None:
            contrastive = pml.losses.ContrastiveLoss(pos_margin=0, neg_margin=0.5)

            def pml_step():
                x = x0.clone().requires_grad_(True)
                contrastive(x, labels).backward()
                return x.grad

            out["pml-contrastive"] = pml_step
    elif reference is not None:
        rows, cols = (128, 1280) if shape.startswith("matrix-") else (1 if shape == "paper-1x2^20" else 16, 1 << 20)
        s0, relevance = matrix(rows, cols, rng)
        if shape.endswith("-ap"):
            # MapLoss ranks along its first axis: its raw mAP of the transposed matrix ranks our rows;
            # called directly, as its forward would also rank the flattened matrix (APC) and needs memory >= 1
            mean_ap = reference[1].MapLoss(lambda_val=LAMBDA, margin=MARGIN, interclass_coef=0.0, batch_memory=1)

            def ref_step():
                s = s0.clone().requires_grad_(True)
                mean_ap.raw_map_computation(s.t(), relevance.t()).backward()
                return s.grad
        else:
            recall = reference[0].RecallLoss(lambda_val=LAMBDA, margin=MARGIN, weight_fn=torch.log1p)

            def ref_step():
                s = s0.clone().requires_grad_(True)
                recall(s, relevance).backward()
                return s.grad

        out["reference"] = ref_step
    return out


WARMUP_SECONDS = 2.0  # as the Java side: at least `warmup` calls and 2 s before timing


def best_median_ms(step, rounds, calls, warmup, clock=time.perf_counter):
    start = time.perf_counter()
    done = 0
    while done < warmup or time.perf_counter() - start < WARMUP_SECONDS:
        step()
        done += 1
    best = float("inf")
    for _ in range(rounds):
        times = []
        for _ in range(calls):
            t0 = clock()
            step()
            times.append((clock() - t0) * 1e3)
        best = min(best, statistics.median(times))
    return best


SHAPE_ORDER = {s: i for i, s in enumerate(SHAPES)}
IMPL_ORDER = {"rambo": 0, "reference": 1, "pml-contrastive": 2}


def merge(out, files):
    """Per shape and implementation the best round (lowest median) of the per-round CSV files."""
    best = {}
    for path in files:
        with open(path, newline="") as f:
            for row in csv.DictReader(f):
                key = (row["shape"], row["implementation"])
                ms = float(row["median_ms"])
                rounds = best.get(key, (None, None, 0))[2] + int(row["rounds"])
                if key not in best or ms < best[key][0]:
                    best[key] = (ms, row["threads"], rounds)
                else:
                    best[key] = (best[key][0], best[key][1], rounds)
    with open(out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["shape", "implementation", "threads", "rounds", "median_ms"])
        for (shape, impl), (ms, threads, rounds) in sorted(
                best.items(), key=lambda kv: (SHAPE_ORDER.get(kv[0][0], 99), IMPL_ORDER.get(kv[0][1], 99))):
            w.writerow([shape, impl, threads, rounds, f"{ms:.3f}"])


# (shape, peer, goal on peer time / RaMBO time, what it says)
GOALS = [
    ("matrix-128x1280-recall", "reference", 3.0, ">= 3x faster than the reference"),
    ("matrix-128x1280-ap", "reference", 3.0, ">= 3x faster than the reference"),
    ("batch-128-d512", "pml-contrastive", 1 / 1.5, "within 1.5x of PML contrastive"),
    ("batch-512-d512", "pml-contrastive", 1 / 1.5, "within 1.5x of PML contrastive"),
    ("batch-1024-d512", "pml-contrastive", 1 / 1.5, "within 1.5x of PML contrastive"),
    ("batch-512-d512", "reference", 3.0, ">= 3x faster than the reference"),
    ("batch-1024-d512", "reference", 3.0, ">= 3x faster than the reference"),
    ("paper-1x2^20", "reference", 5.0, ">= 5x faster than the reference"),
    ("paper-16x2^20", "reference", 5.0, ">= 5x faster than the reference"),
]


def goals(path):
    """Lines saying, for each goal whose shapes were measured, the ratio and whether it is met."""
    with open(path, newline="") as f:
        ms = {(r["shape"], r["implementation"]): float(r["median_ms"]) for r in csv.DictReader(f)}
    lines = []
    for shape, peer, goal, what in GOALS:
        if (shape, "rambo") in ms and (shape, peer) in ms:
            ratio = ms[(shape, peer)] / ms[(shape, "rambo")]
            verdict = "met" if ratio >= goal else "NOT met"
            lines.append(f"{shape:24s} {peer + ' / rambo':24s} {ratio:6.2f}   goal {what}: {verdict}")
    return lines


def main():
    if len(sys.argv) > 2 and sys.argv[1] == "--merge":
        merge(sys.argv[2], sys.argv[3:])
        print("\n".join(goals(sys.argv[2])), file=sys.stderr)
        return
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--reference", help="folder of a blackbox-backprop checkout (omit to skip the reference)")
    p.add_argument("--no-pml", action="store_true", help="skip pytorch-metric-learning")
    p.add_argument("--rounds", type=int, default=3)
    p.add_argument("--threads", type=int, help="PyTorch intra-op threads (default: PyTorch's choice)")
    p.add_argument("--clock", choices=["wall", "cpu"], default="wall",
                   help="cpu: the calling thread's CPU time per call (for a shared machine, with --threads 1)")
    p.add_argument("--out", required=True)
    p.add_argument("shapes", nargs="*", default=SHAPES)
    a = p.parse_args()
    load_torch()
    if a.threads:
        torch.set_num_threads(a.threads)
    reference = load_reference(a.reference) if a.reference else None
    pml = None
    if not a.no_pml:
        import pytorch_metric_learning.losses  # noqa: F401  (imported for its side effect on the package)
        pml = sys.modules["pytorch_metric_learning"]
    threads = torch.get_num_threads()
    rows = []
    for shape in a.shapes:
        if shape not in SHAPES:
            sys.exit(f"unknown shape {shape}; one of {SHAPES}")
        paper = shape.startswith("paper-")
        for impl, step in steps(shape, reference, pml).items():
            ms = best_median_ms(step, a.rounds, 3 if paper else 7, 1 if paper else 5,
                                time.thread_time if a.clock == "cpu" else time.perf_counter)
            rows.append([shape, impl, threads, a.rounds, f"{ms:.3f}"])
            print(f"{shape} {impl} {ms:.3f} ms ({threads} threads)", file=sys.stderr)
    with open(a.out, "w", newline="") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(["shape", "implementation", "threads", "rounds", "median_ms"])
        w.writerows(rows)


if __name__ == "__main__":
    main()

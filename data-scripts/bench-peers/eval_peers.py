"""Evaluation beside pytorch-metric-learning's AccuracyCalculator (see bench-eval-peers.sh).

  eval_peers.py data --shape SHAPE --out DIR [--seed S]
      synthetic L2-normalised 512-d embeddings shaped like a test set, as .npy files:
      DIR/embeddings.npy + DIR/labels.npy (self retrieval), or DIR/queries.npy,
      DIR/query_labels.npy, DIR/gallery.npy, DIR/gallery_labels.npy (In-shop)
  eval_peers.py pml --dir DIR --threads N --out FILE.json [--repeat R]
      PML 2.9.0 AccuracyCalculator(k="max_bin_count") with faiss (IndexFlatL2 k-NN, faiss
      k-means with its default 20 iterations) on those files: precision_at_1, r_precision,
      mean_average_precision_at_r and NMI, timed; writes the seconds of the first evaluation,
      those of each of the R evaluations in this process (seconds_each), the peak resident
      memory and the first evaluation's metrics as JSON

Shapes (items, classes as the test sets): cub 5,924 / 100; inshop 14,218 queries and 12,612
gallery / 3,985; sop20k 20,000 / 3,740; sop 60,502 / 11,316. Each item is its class centre plus
Gaussian noise (both N(0, 1) per coordinate, noise scaled by 2.2), L2-normalised.
"""
import argparse
import json
import os
import resource
import sys
import time

SHAPES = {
    "cub": (5924, 100, None),
    "inshop": (14218, 3985, 12612),
    "sop20k": (20000, 3740, None),
    "sop": (60502, 11316, None),
}
DIM = 512
NOISE = 2.2


def make(args):
    import numpy as np

    n, classes, gallery = SHAPES[args.shape]
    rng = np.random.default_rng(args.seed)
    centres = rng.standard_normal((classes, DIM), dtype=np.float32)

    def items(count):
        labels = rng.permutation(np.arange(count) % classes).astype(np.int64)
        x = centres[labels] + NOISE * rng.standard_normal((count, DIM), dtype=np.float32)
        x /= np.linalg.norm(x, axis=1, keepdims=True)
        return x.astype(np.float32), labels

    os.makedirs(args.out, exist_ok=True)
    if gallery is None:
        x, y = items(n)
        np.save(os.path.join(args.out, "embeddings.npy"), x)
        np.save(os.path.join(args.out, "labels.npy"), y)
    else:
        q, ql = items(n)
        g, gl = items(gallery)
        np.save(os.path.join(args.out, "queries.npy"), q)
        np.save(os.path.join(args.out, "query_labels.npy"), ql)
        np.save(os.path.join(args.out, "gallery.npy"), g)
        np.save(os.path.join(args.out, "gallery_labels.npy"), gl)


def pml(args):
    import numpy as np
    import torch

    torch.set_num_threads(args.threads)
    import faiss

    faiss.omp_set_num_threads(args.threads)
    from pytorch_metric_learning.utils.accuracy_calculator import AccuracyCalculator

    d = args.dir
    calc = AccuracyCalculator(
        include=("precision_at_1", "r_precision", "mean_average_precision_at_r", "NMI"),
        k="max_bin_count",
        device=torch.device("cpu"),
    )
    seconds_each = []
    m = None
    for _ in range(args.repeat):
        start = time.perf_counter()
        if os.path.exists(os.path.join(d, "embeddings.npy")):
            x = np.load(os.path.join(d, "embeddings.npy"))
            y = np.load(os.path.join(d, "labels.npy"))
            r = calc.get_accuracy(x, y)
        else:
            q = np.load(os.path.join(d, "queries.npy"))
            ql = np.load(os.path.join(d, "query_labels.npy"))
            g = np.load(os.path.join(d, "gallery.npy"))
            gl = np.load(os.path.join(d, "gallery_labels.npy"))
            r = calc.get_accuracy(q, ql, g, gl)
        seconds_each.append(time.perf_counter() - start)
        m = m or r
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    out = {"seconds": seconds_each[0], "seconds_each": seconds_each, "peak_mb": peak_mb, "threads": args.threads}
    out.update({k: float(v) for k, v in m.items()})
    with open(args.out, "w") as f:
        json.dump(out, f, indent=1)
    print(json.dumps(out))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)
    a = sub.add_parser("data")
    a.add_argument("--shape", required=True, choices=sorted(SHAPES))
    a.add_argument("--out", required=True)
    a.add_argument("--seed", type=int, default=0)
    b = sub.add_parser("pml")
    b.add_argument("--dir", required=True)
    b.add_argument("--threads", type=int, required=True)
    b.add_argument("--out", required=True)
    b.add_argument("--repeat", type=int, default=1)
    args = p.parse_args()
    if args.cmd == "data":
        make(args)
    else:
        pml(args)


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""The Python side of bench-images.sh: the paper's training view (shorter side to 256 as
torchvision's Resize computes it, random crop 224, horizontal flip with p = 0.5, ImageNet
normalisation to float32 CHW) of every JPEG in a folder, single thread, after one unmeasured
pass, with
  pillow: Image.open + convert("RGB") + resize(BILINEAR), what torchvision's transforms run;
  opencv: cv2.imread + cvtColor(BGR2RGB) + resize(INTER_AREA).
Appends CSV rows implementation,threads,images,wall_s,cpu_s (cpu_s: this process's CPU time).

  python3 image_peers.py DIR OUT.csv [pillow] [opencv]
  python3 image_peers.py --summary CSV    # best round of each, images per CPU-second, ratios
"""
import csv
import glob
import os
import random
import sys
import time

MEAN = [0.485, 0.456, 0.406]
STD = [0.229, 0.224, 0.225]
RESIZE, CROP = 256, 224


def resized(w, h):
    # torchvision: the shorter side to RESIZE, the longer int(RESIZE * long / short)
    if w <= h:
        return RESIZE, int(RESIZE * h / w)
    return int(RESIZE * w / h), RESIZE


def finish(rgb, seed):
    import numpy as np

    rnd = random.Random(seed)
    h, w = rgb.shape[:2]
    top = rnd.randint(0, h - CROP)
    left = rnd.randint(0, w - CROP)
    crop = rgb[top:top + CROP, left:left + CROP]
    if rnd.random() < 0.5:
        crop = crop[:, ::-1]
    mean = np.array(MEAN, dtype=np.float32)
    std = np.array(STD, dtype=np.float32)
    x = (crop.astype(np.float32) / 255.0 - mean) / std
    return np.ascontiguousarray(x.transpose(2, 0, 1))


def pillow_view(path, seed):
    import numpy as np
    from PIL import Image

    with Image.open(path) as im:
        im = im.convert("RGB")
        im = im.resize(resized(*im.size), Image.BILINEAR)
    return finish(np.asarray(im), seed)


def opencv_view(path, seed):
    import cv2

    bgr = cv2.imread(path, cv2.IMREAD_COLOR)
    rgb = cv2.cvtColor(bgr, cv2.COLOR_BGR2RGB)
    h, w = rgb.shape[:2]
    rgb = cv2.resize(rgb, resized(w, h), interpolation=cv2.INTER_AREA)
    return finish(rgb, seed)


def measure(files, view):
    for i, f in enumerate(files):  # warm-up: imports, file cache
        view(f, i)
    w0, c0 = time.perf_counter(), time.process_time()
    for i, f in enumerate(files):
        view(f, i)
    return time.perf_counter() - w0, time.process_time() - c0


def summary(path):
    # the best round of each implementation and thread count, per measure
    best = {}
    with open(path) as f:
        for row in csv.DictReader(f):
            key = (row["implementation"], int(row["threads"]))
            per_cpu = int(row["images"]) / float(row["cpu_s"])
            per_wall = int(row["images"]) / float(row["wall_s"])
            old = best.get(key, (0.0, 0.0))
            best[key] = (max(old[0], per_cpu), max(old[1], per_wall))
    pillow = best.get(("pillow", 1))
    print("implementation  threads  images/CPU-s  images/s  vs Pillow (per CPU-s)")
    for (impl, t), (per_cpu, per_wall) in sorted(best.items()):
        ratio = f"{per_cpu / pillow[0]:.2f}" if pillow else "-"
        print(f"{impl:14}  {t:7}  {per_cpu:12.1f}  {per_wall:8.1f}  {ratio}")
    j1, j2 = best.get(("java", 1)), best.get(("java", 2))
    if j1 and j2:
        print(f"java: 2 threads deliver {j2[1] / j1[1]:.2f}x one thread (images/s)")


def main():
    if len(sys.argv) == 3 and sys.argv[1] == "--summary":
        summary(sys.argv[2])
        return
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    folder, out = sys.argv[1], sys.argv[2]
    which = sys.argv[3:] or ["pillow", "opencv"]
    files = sorted(glob.glob(os.path.join(folder, "*.jpg")))
    if not files:
        sys.exit(f"no .jpg files in {folder}")
    views = {"pillow": pillow_view, "opencv": opencv_view}
    if "opencv" in which:
        import cv2
        cv2.setNumThreads(1)
    new = not os.path.exists(out)
    with open(out, "a", newline="") as f:
        w = csv.writer(f)
        if new:
            w.writerow(["implementation", "threads", "images", "wall_s", "cpu_s"])
        for name in which:
            wall, cpu = measure(files, views[name])
            w.writerow([name, 1, len(files), f"{wall:.4f}", f"{cpu:.4f}"])
            print(f"{name},1,{len(files)},{wall:.4f},{cpu:.4f}")


if __name__ == "__main__":
    main()

#!/usr/bin/env python3
"""Writes pillow-golden.txt: Pillow's bilinear (antialiased) resize followed by a crop, for the
pixel test of the Java image pipeline. Run once with Pillow installed:

    python3 make-pillow-golden.py            # from this folder

Inputs are either a formula image (the Java test computes the same formula) or the committed
JPEG pillow-input.jpg (written here by Pillow at quality 90, 4:2:0). Each line:
    name source mode width height resized_w resized_h left top crop base64(crop bytes)
"""
import base64
import os

from PIL import Image


def formula(w, h, mode):
    channels = 3 if mode == "RGB" else 1
    out = bytearray()
    for y in range(h):
        for x in range(w):
            for c in range(channels):
                out.append((x * x * 7 + y * 13 + c * 85 + ((x ^ y) & 8) * 20) & 0xFF)
    return Image.frombytes(mode, (w, h), bytes(out))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    jpeg = os.path.join(here, "pillow-input.jpg")
    if not os.path.exists(jpeg):
        formula(64, 48, "RGB").save(jpeg, quality=90, subsampling=2)
    cases = [
        # name, source, mode, w, h, resized w, resized h, left, top, crop
        ("rgb-down", "formula", "RGB", 67, 50, 42, 32, 9, 4, 24),
        ("gray-down", "formula", "L", 50, 67, 32, 42, 4, 9, 24),
        ("rgb-up", "formula", "RGB", 40, 30, 64, 48, 12, 4, 40),
        ("jpeg-centre", "jpeg", "RGB", 64, 48, 48, 36, 8, 2, 32),
        ("jpeg-corner", "jpeg", "RGB", 64, 48, 48, 36, 3, 1, 32),
        ("jpeg-big-down", "jpeg", "RGB", 64, 48, 26, 19, 5, 0, 19),
        ("rgb-3x-down", "formula", "RGB", 67, 50, 20, 14, 3, 0, 14),
    ]
    lines = []
    for name, source, mode, w, h, nw, nh, left, top, crop in cases:
        img = formula(w, h, mode) if source == "formula" else Image.open(jpeg).convert(mode)
        assert img.size == (w, h)
        out = img.resize((nw, nh), Image.BILINEAR).crop((left, top, left + crop, top + crop))
        data = base64.b64encode(out.tobytes()).decode("ascii")
        lines.append(f"{name} {source} {mode} {w} {h} {nw} {nh} {left} {top} {crop} {data}")
    with open(os.path.join(here, "pillow-golden.txt"), "w") as f:
        f.write("\n".join(lines) + "\n")


if __name__ == "__main__":
    main()

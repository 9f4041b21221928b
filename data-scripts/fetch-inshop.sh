#!/usr/bin/env bash
# In-shop Clothes Retrieval (DeepFashion) into DEST (default <repo>/data/inshop), in the layout
# org.rambo.harness.data.InShop reads:
#   DEST/list_eval_partition.txt  DEST/img/<GENDER>/<CATEGORY>/id_XXXXXXXX/<file>.jpg
# DeepFashion is distributed from Google Drive after accepting its licence, so there is no
# stable direct URL: download "In-shop Clothes Retrieval Benchmark/Img/img.zip" and
# "In-shop Clothes Retrieval Benchmark/Eval/list_eval_partition.txt" yourself, then run
#   INSHOP_IMG_URL=file:///path/img.zip INSHOP_PARTITION_URL=file:///path/list_eval_partition.txt \
#     data-scripts/fetch-inshop.sh [DEST]
# Optional: INSHOP_IMG_SHA256, INSHOP_PARTITION_SHA256 (digests are printed when not given),
# KEEP_ARCHIVE=1. Checks the partition file's structure (count line, header, row count,
# statuses) and that every listed image was unpacked. Idempotent.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DEST="${1:-$(repo_root)/data/inshop}"

if [ -f "$DEST/list_eval_partition.txt" ] && [ -d "$DEST/img" ]; then
  note "In-shop already present in $DEST"
  exit 0
fi
[ -n "${INSHOP_IMG_URL:-}" ] && [ -n "${INSHOP_PARTITION_URL:-}" ] || die "In-shop has no public direct download.
Get img.zip and list_eval_partition.txt from the DeepFashion In-shop Clothes Retrieval Benchmark
(http://mmlab.ie.cuhk.edu.hk/projects/DeepFashion/InShopRetrieval.html), then run
  INSHOP_IMG_URL=file:///path/to/img.zip INSHOP_PARTITION_URL=file:///path/to/list_eval_partition.txt $0 ${1:-}"

mkdir -p "$DEST"
ARCHIVE="$DEST/img.zip"
PART="$DEST/.list_eval_partition.txt"
[ -f "$ARCHIVE" ] || fetch_url "$INSHOP_IMG_URL" "$ARCHIVE"
fetch_url "$INSHOP_PARTITION_URL" "$PART"
verify_digest "$ARCHIVE" sha256 "${INSHOP_IMG_SHA256:-}"
verify_digest "$PART" sha256 "${INSHOP_PARTITION_SHA256:-}"

# Structure of the partition file: count, header, then exactly count rows of
# "img/... id_N train|query|gallery".
python3 - "$PART" <<'PY' || die "$PART is not a valid list_eval_partition.txt (see above)"
import sys
path = sys.argv[1]
lines = [l.split() for l in open(path, encoding="utf-8")]
def fail(n, msg):
    print(f"error: {path}:{n}: {msg}", file=sys.stderr); sys.exit(1)
if len(lines) < 2 or len(lines[0]) != 1 or not lines[0][0].isdigit():
    fail(1, "expected the number of images on line 1")
if lines[1] != ["image_name", "item_id", "evaluation_status"]:
    fail(2, "expected the header 'image_name item_id evaluation_status'")
rows = [(i + 3, l) for i, l in enumerate(lines[2:]) if l]
if len(rows) != int(lines[0][0]):
    fail(1, f"declares {lines[0][0]} images but lists {len(rows)}")
for n, l in rows:
    if len(l) != 3 or l[2] not in ("train", "query", "gallery") or not l[0].startswith("img/"):
        fail(n, "expected 'img/... id_N train|query|gallery', got " + " ".join(l))
PY

TMP="$(mktemp -d "$DEST/.unpack.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
unpack "$ARCHIVE" "$TMP"
require_files "$TMP" img
# Every listed image must exist after unpacking.
missing="$(tail -n +3 "$PART" | awk 'NF {print $1}' | while read -r p; do [ -f "$TMP/$p" ] || echo "$p"; done | head -n 5)"
[ -z "$missing" ] || die "img.zip lacks images listed in list_eval_partition.txt, e.g.:
$missing"
mv -f "$TMP/img" "$DEST/img"
mv -f "$PART" "$DEST/list_eval_partition.txt"
[ "${KEEP_ARCHIVE:-0}" = 1 ] || rm -f "$ARCHIVE"
note "In-shop ready in $DEST ($(head -n1 "$DEST/list_eval_partition.txt") images)"

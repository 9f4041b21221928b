#!/usr/bin/env bash
# Stanford Online Products into DEST (default <repo>/data/sop), in the layout
# org.rambo.harness.data.StanfordOnlineProducts reads:
#   DEST/Ebay_train.txt  DEST/Ebay_test.txt  DEST/<category>_final/<image>.JPG
# Downloads Stanford_Online_Products.zip (2.9 GB), checks its published MD5, unpacks, and moves
# the zip's Stanford_Online_Products/ contents up into DEST. Idempotent.
# Environment: SOP_URL (any curl URL; the ftp:// original also works where FTP is allowed),
# SOP_MD5 (or "skip"), SOP_SHA256 (optional), KEEP_ARCHIVE=1.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DEST="${1:-$(repo_root)/data/sop}"
URL="${SOP_URL:-http://ftp.cs.stanford.edu/cs/cvgl/Stanford_Online_Products.zip}"
MD5="${SOP_MD5-7f73d41a2f44250d4779881525aea32e}"

if [ -f "$DEST/Ebay_train.txt" ] && [ -f "$DEST/Ebay_test.txt" ]; then
  note "Stanford Online Products already present in $DEST"
  exit 0
fi
mkdir -p "$DEST"
ARCHIVE="$DEST/Stanford_Online_Products.zip"
[ -f "$ARCHIVE" ] || fetch_url "$URL" "$ARCHIVE"
verify_digest "$ARCHIVE" md5 "$MD5"
if [ -n "${SOP_SHA256:-}" ]; then verify_digest "$ARCHIVE" sha256 "$SOP_SHA256"; fi

TMP="$(mktemp -d "$DEST/.unpack.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
unpack "$ARCHIVE" "$TMP"
SRC="$TMP/Stanford_Online_Products"
[ -d "$SRC" ] || SRC="$TMP"
require_files "$SRC" Ebay_train.txt Ebay_test.txt
head -n1 "$SRC/Ebay_train.txt" | grep -q '^image_id class_id super_class_id path' \
  || die "$SRC/Ebay_train.txt:1: expected the header 'image_id class_id super_class_id path'"
for f in "$SRC"/* ; do
  mv -f "$f" "$DEST/"
done
[ "${KEEP_ARCHIVE:-0}" = 1 ] || rm -f "$ARCHIVE"
note "Stanford Online Products ready in $DEST ($(($(wc -l < "$DEST/Ebay_train.txt") - 1)) train, $(($(wc -l < "$DEST/Ebay_test.txt") - 1)) test images)"

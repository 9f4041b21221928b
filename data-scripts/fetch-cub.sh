#!/usr/bin/env bash
# CUB-200-2011 into DEST (default <repo>/data/cub), in the layout org.rambo.harness.data.Cub200 reads:
#   DEST/images.txt  DEST/image_class_labels.txt  DEST/classes.txt  DEST/images/<class>/<file>.jpg
# Downloads CUB_200_2011.tgz (1.1 GB) from CaltechDATA, checks its published MD5, unpacks, and
# moves the archive's CUB_200_2011/ contents up into DEST. Idempotent: skips when DEST has the layout.
# Environment: CUB_URL (any curl URL, file:// for a local copy), CUB_MD5 (or "skip"),
# CUB_SHA256 (optional extra check), KEEP_ARCHIVE=1 to keep the .tgz.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DEST="${1:-$(repo_root)/data/cub}"
URL="${CUB_URL:-https://data.caltech.edu/records/65de6-vp158/files/CUB_200_2011.tgz?download=1}"
MD5="${CUB_MD5-97eceeb196236b17998738112f37df78}"
LAYOUT=(images.txt image_class_labels.txt classes.txt images)

if [ -f "$DEST/images.txt" ] && [ -f "$DEST/image_class_labels.txt" ] && [ -d "$DEST/images" ]; then
  note "CUB-200-2011 already present in $DEST"
  exit 0
fi
mkdir -p "$DEST"
ARCHIVE="$DEST/CUB_200_2011.tgz"
[ -f "$ARCHIVE" ] || fetch_url "$URL" "$ARCHIVE"
verify_digest "$ARCHIVE" md5 "$MD5"
if [ -n "${CUB_SHA256:-}" ]; then verify_digest "$ARCHIVE" sha256 "$CUB_SHA256"; fi

TMP="$(mktemp -d "$DEST/.unpack.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT
unpack "$ARCHIVE" "$TMP"
SRC="$TMP/CUB_200_2011"
[ -d "$SRC" ] || SRC="$TMP"   # also accept an archive without the top folder
require_files "$SRC" "${LAYOUT[@]}"
for f in "$SRC"/* ; do
  mv -f "$f" "$DEST/"
done
[ "${KEEP_ARCHIVE:-0}" = 1 ] || rm -f "$ARCHIVE"
note "CUB-200-2011 ready in $DEST ($(wc -l < "$DEST/images.txt") images)"

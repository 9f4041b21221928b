#!/usr/bin/env bash
# Fetch Fashion-MNIST (MIT licence) into DEST (default: <repo>/data/fashion-mnist) without root.
#
# 1. `apt-get download dataset-fashion-mnist` + `dpkg -x` into a temp folder (the IDX .gz files
#    live under usr/share/datasets/fashion-mnist/ in the package);
# 2. if that fails (no apt, no Debian mirror), the upstream release URLs.
# Debian recompresses the .gz files, so archive checksums differ between the two sources;
# we verify SHA-256 of the DECOMPRESSED IDX bytes (docs/protocol.md lists them), the same check the Java
# loader (org.rambo.harness.data.FashionMnist) makes. Idempotent: exits early when DEST
# already holds four verified files.
#
# Environment (mostly for tests): FASHION_MNIST_URL base URL of the upstream files (default
# the Zalando release), FASHION_MNIST_NO_APT=1 to skip apt, FASHION_MNIST_SHA256_FILE a
# sha256sum-format file of expected decompressed digests (default: the real ones below).
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DEST="${1:-$(repo_root)/data/fashion-mnist}"
BASE_URL="${FASHION_MNIST_URL:-http://fashion-mnist.s3-website.eu-central-1.amazonaws.com}"
FILES=(train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte)

declare -A EXPECTED=(
  [train-images-idx3-ubyte]=c59f468a2f672dc815687fe0f83887768d799fd8a3f3276145d20f83aa44d888
  [train-labels-idx1-ubyte]=bad3541b69d912435c50bb6ba87bec294ff4f6a2e1246121d8633921760443d9
  [t10k-images-idx3-ubyte]=5b4141f0afbad91edebe8549f8fcffe087ea10ca49f1dbef5c9a5cd8815ce37b
  [t10k-labels-idx1-ubyte]=0402a96d92fd2663957122ceb108a494c5af83dab82d92729df917d7dec38c34
)
if [ -n "${FASHION_MNIST_SHA256_FILE:-}" ]; then
  [ -r "$FASHION_MNIST_SHA256_FILE" ] || die "FASHION_MNIST_SHA256_FILE=$FASHION_MNIST_SHA256_FILE is not readable"
  while read -r sum name; do
    [ -n "${sum:-}" ] && EXPECTED["$(basename "${name#\*}" .gz)"]="$sum"
  done < "$FASHION_MNIST_SHA256_FILE"
fi

# Digest of the decompressed bytes of a .gz or raw IDX file.
content_sha() {
  case "$1" in
    *.gz) gzip -dc "$1" | sha256sum | cut -c1-64 ;;
    *) sha256_of "$1" ;;
  esac
}

# Path of FILE in DIR as .gz or raw, empty if neither exists.
locate() {
  if [ -f "$1/$2.gz" ]; then echo "$1/$2.gz"; elif [ -f "$1/$2" ]; then echo "$1/$2"; fi
}

# True when every file in DIR decompresses to its expected digest; with "report" says why not.
all_verified() {
  local dir="$1" mode="${2:-quiet}" f p sum ok=0
  for f in "${FILES[@]}"; do
    p="$(locate "$dir" "$f")"
    if [ -z "$p" ]; then
      [ "$mode" = report ] && note "missing: $dir/$f.gz"
      ok=1; continue
    fi
    if ! sum="$(content_sha "$p")"; then
      [ "$mode" = report ] && note "cannot decompress $p (truncated or not gzip)"
      ok=1; continue
    fi
    if [ "$sum" != "${EXPECTED[$f]}" ]; then
      [ "$mode" = report ] && note "checksum mismatch: $p decompresses to sha256 $sum, expected ${EXPECTED[$f]}"
      ok=1
    fi
  done
  return $ok
}

if all_verified "$DEST"; then
  note "Fashion-MNIST already present and verified in $DEST"
  exit 0
fi

TMP="$(mktemp -d "${TMPDIR:-/tmp}/fashion-mnist.XXXXXX")"
trap 'rm -rf "$TMP"' EXIT

from_apt() {
  [ "${FASHION_MNIST_NO_APT:-0}" = 1 ] && { note "apt skipped (FASHION_MNIST_NO_APT=1)"; return 1; }
  command -v apt-get >/dev/null 2>&1 || { note "apt-get not found"; return 1; }
  command -v dpkg >/dev/null 2>&1 || { note "dpkg not found"; return 1; }
  note "trying: apt-get download dataset-fashion-mnist"
  # apt-get download writes into the current folder; no root needed.
  (cd "$TMP" && apt-get download dataset-fashion-mnist >&2) || { note "apt-get download failed"; return 1; }
  local deb
  deb="$(ls "$TMP"/dataset-fashion-mnist_*.deb 2>/dev/null | head -n1)"
  [ -n "$deb" ] || { note "apt-get download produced no .deb"; return 1; }
  dpkg -x "$deb" "$TMP/pkg" || { note "dpkg -x $deb failed"; return 1; }
  # The package installs the IDX files under usr/share/datasets/fashion-mnist; find them
  # rather than hard-coding, in case a later package version moves them.
  local f p
  mkdir -p "$TMP/got"
  for f in "${FILES[@]}"; do
    p="$(find "$TMP/pkg" -type f \( -name "$f.gz" -o -name "$f" \) | head -n1)"
    [ -n "$p" ] || { note "the package has no $f"; return 1; }
    cp "$p" "$TMP/got/"
  done
  all_verified "$TMP/got" report || { note "the package's files do not verify"; return 1; }
}

from_upstream() {
  note "trying the upstream release: $BASE_URL"
  rm -rf "$TMP/got"; mkdir -p "$TMP/got"
  local f
  for f in "${FILES[@]}"; do
    curl -fL --retry 2 --connect-timeout 20 -o "$TMP/got/$f.gz" "$BASE_URL/$f.gz" \
      || { note "download failed: $BASE_URL/$f.gz"; return 1; }
  done
  all_verified "$TMP/got" report || { note "the upstream files do not verify"; return 1; }
}

if from_apt; then
  note "got Fashion-MNIST from the Debian package"
elif from_upstream; then
  note "got Fashion-MNIST from $BASE_URL"
else
  die "could not fetch Fashion-MNIST into $DEST: neither the Debian package dataset-fashion-mnist nor $BASE_URL gave files with the expected SHA-256 (see messages above)"
fi

mkdir -p "$DEST"
for f in "${FILES[@]}"; do
  p="$(locate "$TMP/got" "$f")"
  # Remove a stale copy of the other form so the loader never sees two versions.
  rm -f "$DEST/$f" "$DEST/$f.gz"
  cp "$p" "$DEST/$(basename "$p").part"
  mv -f "$DEST/$(basename "$p").part" "$DEST/$(basename "$p")"
done
all_verified "$DEST" report || die "files in $DEST do not verify after copying"
note "Fashion-MNIST ready in $DEST"

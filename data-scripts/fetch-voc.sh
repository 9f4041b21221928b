#!/usr/bin/env bash
# Pascal VOC 2007 (trainval + test) and VOC 2012 (trainval) into DEST (default <repo>/data/voc), in
# the layout org.rambo.detect.VocDataset reads:
#   DEST/VOCdevkit/VOC2007/{Annotations,ImageSets/Main,JPEGImages}   (trainval + test merged)
#   DEST/VOCdevkit/VOC2012/{Annotations,ImageSets/Main,JPEGImages}
# Downloads the three official tars (about 0.44 + 0.43 + 1.9 GB), checks their published MD5s
# (the ones torchvision uses), unpacks them into DEST, and checks the layout. Idempotent: a year
# whose split lists are already present is skipped.
# Environment: VOC2007_TRAINVAL_URL, VOC2007_TEST_URL, VOC2012_TRAINVAL_URL (any curl URL, file://
# for local copies), VOC2007_TRAINVAL_MD5, VOC2007_TEST_MD5, VOC2012_TRAINVAL_MD5 (or "skip"),
# VOC_YEARS ("2007 2012" by default; "2007" for VOC07 only), KEEP_ARCHIVE=1 to keep the tars.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DEST="${1:-$(repo_root)/data/voc}"
BASE="http://host.robots.ox.ac.uk/pascal/VOC"
YEARS="${VOC_YEARS:-2007 2012}"

# fetch_part NAME URL MD5 SPLITFILE: download, verify, unpack one tar into DEST unless SPLITFILE exists
fetch_part() {
  local name="$1" url="$2" md5="$3" split="$4" archive tmp
  if [ -f "$DEST/VOCdevkit/$split" ]; then
    note "$name already present ($DEST/VOCdevkit/$split)"
    return 0
  fi
  archive="$DEST/$name.tar"
  [ -f "$archive" ] || fetch_url "$url" "$archive"
  verify_digest "$archive" md5 "$md5"
  tmp="$(mktemp -d "$DEST/.unpack.XXXXXX")"
  unpack "$archive" "$tmp"
  [ -d "$tmp/VOCdevkit" ] || { rm -rf "$tmp"; die "$archive has no VOCdevkit/ folder: not a VOC archive"; }
  require_files "$tmp/VOCdevkit" "$split" || { rm -rf "$tmp"; exit 1; }
  # merge (trainval and test of 2007 share VOC2007/)
  mkdir -p "$DEST/VOCdevkit"
  cp -a "$tmp/VOCdevkit/." "$DEST/VOCdevkit/" || { rm -rf "$tmp"; die "could not copy $name into $DEST/VOCdevkit"; }
  rm -rf "$tmp"
  [ "${KEEP_ARCHIVE:-0}" = 1 ] || rm -f "$archive"
  note "$name ready"
}

mkdir -p "$DEST"
for y in $YEARS; do
  case "$y" in
    2007)
      fetch_part VOCtrainval_06-Nov-2007 "${VOC2007_TRAINVAL_URL:-$BASE/voc2007/VOCtrainval_06-Nov-2007.tar}" \
        "${VOC2007_TRAINVAL_MD5-c52e279531787c972589f7e41ab4ae64}" VOC2007/ImageSets/Main/trainval.txt
      fetch_part VOCtest_06-Nov-2007 "${VOC2007_TEST_URL:-$BASE/voc2007/VOCtest_06-Nov-2007.tar}" \
        "${VOC2007_TEST_MD5-b6e924de25625d8de591ea690078ad9f}" VOC2007/ImageSets/Main/test.txt
      require_files "$DEST/VOCdevkit/VOC2007" Annotations JPEGImages ImageSets/Main/trainval.txt ImageSets/Main/test.txt
      ;;
    2012)
      fetch_part VOCtrainval_11-May-2012 "${VOC2012_TRAINVAL_URL:-$BASE/voc2012/VOCtrainval_11-May-2012.tar}" \
        "${VOC2012_TRAINVAL_MD5-6cd6e144f989b92b3379bac3b3de84fd}" VOC2012/ImageSets/Main/trainval.txt
      require_files "$DEST/VOCdevkit/VOC2012" Annotations JPEGImages ImageSets/Main/trainval.txt
      ;;
    *) die "unknown VOC year '$y' in VOC_YEARS (use 2007 and/or 2012)" ;;
  esac
done
note "Pascal VOC ready in $DEST/VOCdevkit (years: $YEARS)"

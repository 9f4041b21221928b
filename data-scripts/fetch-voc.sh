#!/usr/bin/env bash
# Fetch Pascal VOC for the detection benchmark into DEST (default: <repo>/data/voc):
#   VOC2007 trainval + VOC2007 test (evaluation) + VOC2012 trainval (training on VOC07+12).
# Result: DEST/VOCdevkit/VOC2007/{Annotations,ImageSets/Main/{trainval,test}.txt,JPEGImages}
#         DEST/VOCdevkit/VOC2012/{Annotations,ImageSets/Main/trainval.txt,JPEGImages}
# which is what org.rambo.detection.VocDataset reads (config root: DEST/VOCdevkit).
#
# Each archive is downloaded (curl; http, https or file:// URLs), its MD5 checked against the
# published value, unpacked, its layout checked, and then deleted. Idempotent: an archive whose
# contents are already unpacked (marker DEST/.done-<archive>) is skipped. Every split id must
# have its annotation and image, else the script names the first missing file.
#
# Environment (defaults are the official archives and their MD5s):
#   VOC2007_TRAINVAL_URL, VOC2007_TEST_URL, VOC2012_TRAINVAL_URL   archive URLs (e.g. a mirror)
#   VOC2007_TRAINVAL_MD5, VOC2007_TEST_MD5, VOC2012_TRAINVAL_MD5   expected MD5 ("skip": report only)
#   VOC_YEARS            "2007 2012" (default) or "2007" for VOC07 only
#   VOC_KEEP_ARCHIVES=1  keep the .tar files after unpacking
# About 3.6 GB of downloads (VOC2012 trainval is 1.9 GB); VOC data is for research use, see
# http://host.robots.ox.ac.uk/pascal/VOC/ for the terms.
set -euo pipefail
. "$(dirname "$0")/lib.sh"

DEST="${1:-$(repo_root)/data/voc}"
YEARS="${VOC_YEARS:-2007 2012}"
OX=http://host.robots.ox.ac.uk/pascal/VOC

# name|url|md5|year|splits
ARCHIVES=(
  "VOCtrainval_06-Nov-2007.tar|${VOC2007_TRAINVAL_URL:-$OX/voc2007/VOCtrainval_06-Nov-2007.tar}|${VOC2007_TRAINVAL_MD5:-c52e279531787c972589f7e41ab4ae64}|2007|trainval"
  "VOCtest_06-Nov-2007.tar|${VOC2007_TEST_URL:-$OX/voc2007/VOCtest_06-Nov-2007.tar}|${VOC2007_TEST_MD5:-b6e924de25625d8de591ea690078ad9f}|2007|test"
  "VOCtrainval_11-May-2012.tar|${VOC2012_TRAINVAL_URL:-$OX/voc2012/VOCtrainval_11-May-2012.tar}|${VOC2012_TRAINVAL_MD5:-6cd6e144f989b92b3379bac3b3de84fd}|2012|trainval"
)

for y in $YEARS; do
  case "$y" in 2007|2012) ;; *) die "VOC_YEARS may hold 2007 and 2012, got '$y'" ;; esac
done
mkdir -p "$DEST" || die "cannot create $DEST"

# check_split YEAR SPLIT: every id of the split has Annotations/ID.xml and JPEGImages/ID.jpg
check_split() {
  local dir="$DEST/VOCdevkit/VOC$1" split="$2" id n=0
  local list="$dir/ImageSets/Main/$split.txt"
  [ -s "$list" ] || die "after unpacking, $list is missing or empty: the archive does not have the VOC layout"
  while read -r id _; do
    [ -n "$id" ] || continue
    [ -f "$dir/Annotations/$id.xml" ] || die "$dir/Annotations/$id.xml is missing (listed in $list)"
    [ -f "$dir/JPEGImages/$id.jpg" ] || die "$dir/JPEGImages/$id.jpg is missing (listed in $list)"
    n=$((n + 1))
  done < "$list"
  note "VOC$1 $split: $n images, annotations and images present"
}

for entry in "${ARCHIVES[@]}"; do
  IFS='|' read -r name url md5 year split <<<"$entry"
  case " $YEARS " in *" $year "*) ;; *) continue ;; esac
  marker="$DEST/.done-$name"
  if [ -f "$marker" ]; then
    note "$name: already present in $DEST/VOCdevkit/VOC$year"
    continue
  fi
  archive="$DEST/$name"
  if [ ! -f "$archive" ]; then
    fetch_url "$url" "$archive"
  fi
  verify_digest "$archive" md5 "$md5"
  unpack "$archive" "$DEST"
  check_split "$year" "$split"
  touch "$marker"
  [ "${VOC_KEEP_ARCHIVES:-0}" = 1 ] || rm -f "$archive"
done

for y in $YEARS; do
  require_files "$DEST/VOCdevkit/VOC$y" Annotations JPEGImages ImageSets/Main/trainval.txt
done
case " $YEARS " in *" 2007 "*) require_files "$DEST/VOCdevkit/VOC2007" ImageSets/Main/test.txt ;; esac
note "VOC ready: $DEST/VOCdevkit (years: $YEARS)"

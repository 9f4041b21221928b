#!/usr/bin/env bash
# Tests of fetch-voc.sh against local archives only (file:// URLs): builds three tiny tars in the
# real VOC layout, then checks success, the merged layout, idempotence, and that a bad checksum,
# a wrong layout and a missing archive fail with a message saying what failed.
# Usage: data-scripts/test-fetch-voc.sh   (exit 0 when every check passes)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"
T="$(mktemp -d "${TMPDIR:-/tmp}/fetch-voc-test.XXXXXX")"
trap 'rm -rf "$T"' EXIT
PASS=0; FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $1"; [ -f "$T/out" ] && sed 's/^/     | /' "$T/out"; }
expect_ok() { local n="$1"; shift; if "$@" >"$T/out" 2>&1; then ok "$n"; else bad "$n (exit $?)"; fi; }
expect_fail() {
  local n="$1" frag="$2"; shift 2
  if "$@" >"$T/out" 2>&1; then bad "$n (succeeded, expected failure)";
  elif grep -qF -- "$frag" "$T/out"; then ok "$n";
  else bad "$n (no '$frag' in output)"; fi
}
check() { local n="$1"; shift; if "$@"; then ok "$n"; else rm -f "$T/out"; bad "$n"; fi; }

# make_tar NAME YEAR SPLIT ID
make_tar() {
  local b="$T/build/$1/VOCdevkit/VOC$2"
  mkdir -p "$b/Annotations" "$b/ImageSets/Main" "$b/JPEGImages"
  printf '<annotation><filename>%s.jpg</filename><size><width>10</width><height>10</height><depth>3</depth></size></annotation>\n' "$4" > "$b/Annotations/$4.xml"
  printf 'jpg' > "$b/JPEGImages/$4.jpg"
  printf '%s\n' "$4" > "$b/ImageSets/Main/$3.txt"
  tar -cf "$T/srv/$1.tar" -C "$T/build/$1" VOCdevkit
}
mkdir -p "$T/srv"
make_tar tv07 2007 trainval 000005
make_tar te07 2007 test 000001
make_tar tv12 2012 trainval 2008_000002
mkdir -p "$T/build/broken/other"; printf x > "$T/build/broken/other/x"; tar -cf "$T/srv/broken.tar" -C "$T/build/broken" other
md5() { md5sum "$1" | cut -c1-32; }
ENV=(VOC2007_TRAINVAL_URL="file://$T/srv/tv07.tar" VOC2007_TEST_URL="file://$T/srv/te07.tar"
     VOC2012_TRAINVAL_URL="file://$T/srv/tv12.tar" VOC2007_TRAINVAL_MD5="$(md5 "$T/srv/tv07.tar")"
     VOC2007_TEST_MD5="$(md5 "$T/srv/te07.tar")" VOC2012_TRAINVAL_MD5="$(md5 "$T/srv/tv12.tar")")

D="$T/voc1"
expect_ok "voc: download, md5, unpack both years" env "${ENV[@]}" "$HERE/fetch-voc.sh" "$D"
check "voc: 2007 trainval + test merged" test -f "$D/VOCdevkit/VOC2007/ImageSets/Main/trainval.txt" -a \
  -f "$D/VOCdevkit/VOC2007/ImageSets/Main/test.txt" -a -f "$D/VOCdevkit/VOC2007/JPEGImages/000001.jpg" -a \
  -f "$D/VOCdevkit/VOC2007/Annotations/000005.xml"
check "voc: 2012 trainval" test -f "$D/VOCdevkit/VOC2012/JPEGImages/2008_000002.jpg"
check "voc: archives removed" test ! -e "$D/VOCtrainval_06-Nov-2007.tar"
expect_ok "voc: second run is a no-op" env VOC2007_TRAINVAL_URL="file://$T/nothing.tar" VOC2007_TEST_URL="file://$T/nothing.tar" \
  VOC2012_TRAINVAL_URL="file://$T/nothing.tar" "$HERE/fetch-voc.sh" "$D"
expect_ok "voc: VOC_YEARS=2007 only" env "${ENV[@]}" VOC_YEARS=2007 "$HERE/fetch-voc.sh" "$T/voc07"
check "voc: no 2012 when not asked" test ! -e "$T/voc07/VOCdevkit/VOC2012"
expect_fail "voc: bad md5 fails" "checksum mismatch" env "${ENV[@]}" VOC2007_TRAINVAL_MD5=00000000000000000000000000000000 "$HERE/fetch-voc.sh" "$T/voc2"
expect_fail "voc: wrong layout fails" "no VOCdevkit" env "${ENV[@]}" VOC2007_TRAINVAL_URL="file://$T/srv/broken.tar" VOC2007_TRAINVAL_MD5=skip "$HERE/fetch-voc.sh" "$T/voc3"
expect_fail "voc: missing archive fails" "download failed" env "${ENV[@]}" VOC2012_TRAINVAL_URL="file://$T/srv/missing.tar" "$HERE/fetch-voc.sh" "$T/voc4"
expect_fail "voc: unknown year fails" "unknown VOC year" env "${ENV[@]}" VOC_YEARS=2010 "$HERE/fetch-voc.sh" "$T/voc5"

echo "$PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]

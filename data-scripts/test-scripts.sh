#!/usr/bin/env bash
# Tests of the data scripts against local archives only: file:// URLs and a Python HTTP server
# bound to 127.0.0.1. Builds tiny archives in the real layouts, then checks success, the
# resulting layout, idempotence, and that each failure (bad checksum, wrong layout, 404,
# malformed index, unknown VOC year) exits non-zero with a message that says what failed.
# Usage: data-scripts/test-scripts.sh   (exit 0 when every check passes)
set -uo pipefail
HERE="$(cd "$(dirname "$0")" && pwd)"

# The scripts download with curl and the tests serve archives with Python's HTTP server: without
# them these tests cannot run, which is said once and is not a failure of the Java build.
missing=""
for tool in python3 curl; do command -v "$tool" >/dev/null 2>&1 || missing="$missing $tool"; done
if [ -n "$missing" ]; then
  echo "data-script tests skipped: not installed:$missing (install them to run these tests)"
  exit 0
fi
T="$(mktemp -d "${TMPDIR:-/tmp}/data-scripts-test.XXXXXX")"
SERVER_PID=""
cleanup() { [ -n "$SERVER_PID" ] && kill "$SERVER_PID" 2>/dev/null; rm -rf "$T"; }
trap cleanup EXIT

PASS=0; FAIL=0
ok() { PASS=$((PASS + 1)); echo "ok   $1"; }
bad() { FAIL=$((FAIL + 1)); echo "FAIL $1"; [ -f "$T/out" ] && sed 's/^/     | /' "$T/out"; }

# expect_ok NAME CMD...: command succeeds
expect_ok() { local n="$1"; shift; if "$@" >"$T/out" 2>&1; then ok "$n"; else bad "$n (exit $?)"; fi; }
# expect_fail NAME FRAGMENT CMD...: command fails and its output contains FRAGMENT
expect_fail() {
  local n="$1" frag="$2"; shift 2
  if "$@" >"$T/out" 2>&1; then bad "$n (succeeded, expected failure)";
  elif grep -qF -- "$frag" "$T/out"; then ok "$n";
  else bad "$n (no '$frag' in output)"; fi
}
# check NAME CONDITION...: a test(1) expression
check() { local n="$1"; shift; if "$@"; then ok "$n"; else rm -f "$T/out"; bad "$n"; fi; }

SRV="$T/srv"; mkdir -p "$SRV"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$SRV" >"$T/http.log" 2>&1 &
SERVER_PID=$!
for _ in $(seq 1 100); do grep -q "port" "$T/http.log" 2>/dev/null && break; sleep 0.1; done
PORT="$(sed -n 's/.*port \([0-9]*\).*/\1/p' "$T/http.log" | head -n1)"
[ -n "$PORT" ] || { echo "could not start the local HTTP server"; cat "$T/http.log"; exit 1; }
HTTP="http://127.0.0.1:$PORT"

# ---------- CUB ----------
B="$T/build/cub/CUB_200_2011"; mkdir -p "$B/images/001.A" "$B/images/101.B"
printf 'jpg1' > "$B/images/001.A/a1.jpg"; printf 'jpg2' > "$B/images/101.B/b1.jpg"
printf '1 001.A/a1.jpg\n2 101.B/b1.jpg\n' > "$B/images.txt"
printf '1 1\n2 101\n' > "$B/image_class_labels.txt"
printf '1 001.A\n101 101.B\n' > "$B/classes.txt"
tar -czf "$SRV/CUB_200_2011.tgz" -C "$T/build/cub" CUB_200_2011
CUB_MD5_OK="$(md5sum "$SRV/CUB_200_2011.tgz" | cut -c1-32)"
tar -czf "$SRV/cub-broken.tgz" -C "$T/build/cub" CUB_200_2011/images.txt

D="$T/cub1"
expect_ok "cub: http download, md5, unpack" env CUB_URL="$HTTP/CUB_200_2011.tgz" CUB_MD5="$CUB_MD5_OK" "$HERE/fetch-cub.sh" "$D"
check "cub: layout images.txt + images/" test -f "$D/images.txt" -a -f "$D/images/101.B/b1.jpg" -a -f "$D/classes.txt"
check "cub: archive removed" test ! -e "$D/CUB_200_2011.tgz"
expect_ok "cub: second run is a no-op" env CUB_URL="$HTTP/nothing-here.tgz" "$HERE/fetch-cub.sh" "$D"
grep -q "already present" "$T/out" && ok "cub: says already present" || bad "cub: says already present"
expect_ok "cub: file:// URL" env CUB_URL="file://$SRV/CUB_200_2011.tgz" CUB_MD5="$CUB_MD5_OK" "$HERE/fetch-cub.sh" "$T/cub2"
expect_fail "cub: default md5 rejects another archive" "checksum mismatch" env CUB_URL="$HTTP/CUB_200_2011.tgz" "$HERE/fetch-cub.sh" "$T/cub3"
expect_fail "cub: 404 names the URL" "download failed: $HTTP/missing.tgz" env CUB_URL="$HTTP/missing.tgz" "$HERE/fetch-cub.sh" "$T/cub4"
expect_fail "cub: wrong layout named" "image_class_labels.txt is missing" env CUB_URL="$HTTP/cub-broken.tgz" CUB_MD5=skip "$HERE/fetch-cub.sh" "$T/cub5"
printf 'not gzip' > "$SRV/cub-garbage.tgz"
expect_fail "cub: corrupt archive" "could not unpack" env CUB_URL="$HTTP/cub-garbage.tgz" CUB_MD5=skip "$HERE/fetch-cub.sh" "$T/cub6"

# ---------- SOP ----------
B="$T/build/sop/Stanford_Online_Products"; mkdir -p "$B/bicycle_final" "$B/chair_final"
printf 'x' > "$B/bicycle_final/1_0.JPG"; printf 'y' > "$B/chair_final/2_0.JPG"
printf 'image_id class_id super_class_id path\n1 1 1 bicycle_final/1_0.JPG\n' > "$B/Ebay_train.txt"
printf 'image_id class_id super_class_id path\n1 2 4 chair_final/2_0.JPG\n' > "$B/Ebay_test.txt"
(cd "$T/build/sop" && zip -qr "$SRV/Stanford_Online_Products.zip" Stanford_Online_Products)
SOP_MD5_OK="$(md5sum "$SRV/Stanford_Online_Products.zip" | cut -c1-32)"
SOP_SHA_OK="$(sha256sum "$SRV/Stanford_Online_Products.zip" | cut -c1-64)"
D="$T/sop1"
expect_ok "sop: http download, md5 + sha256, unzip" env SOP_URL="$HTTP/Stanford_Online_Products.zip" SOP_MD5="$SOP_MD5_OK" SOP_SHA256="$SOP_SHA_OK" "$HERE/fetch-sop.sh" "$D"
check "sop: layout Ebay_*.txt + images" test -f "$D/Ebay_train.txt" -a -f "$D/Ebay_test.txt" -a -f "$D/chair_final/2_0.JPG"
expect_ok "sop: second run is a no-op" "$HERE/fetch-sop.sh" "$D"
expect_fail "sop: sha256 mismatch" "expected sha256 0000" env SOP_URL="$HTTP/Stanford_Online_Products.zip" SOP_MD5="$SOP_MD5_OK" SOP_SHA256=0000 "$HERE/fetch-sop.sh" "$T/sop2"
sed -i '1s/.*/id class path/' "$B/Ebay_train.txt"
(cd "$T/build/sop" && zip -qr "$SRV/sop-badheader.zip" Stanford_Online_Products)
expect_fail "sop: bad header named with file:line" "Ebay_train.txt:1: expected the header" env SOP_URL="$HTTP/sop-badheader.zip" SOP_MD5=skip "$HERE/fetch-sop.sh" "$T/sop3"

# ---------- In-shop ----------
B="$T/build/inshop"; mkdir -p "$B/img/MEN/Denim/id_00000080" "$B/img/WOMEN/Dresses/id_00000002"
printf 'a' > "$B/img/MEN/Denim/id_00000080/01_1_front.jpg"; printf 'b' > "$B/img/WOMEN/Dresses/id_00000002/02_1_front.jpg"
(cd "$B" && zip -qr "$SRV/img.zip" img)
printf '2\nimage_name item_id evaluation_status\nimg/MEN/Denim/id_00000080/01_1_front.jpg     id_00000080 train\nimg/WOMEN/Dresses/id_00000002/02_1_front.jpg  id_00000002 query\n' > "$SRV/list_eval_partition.txt"
printf '3\nimage_name item_id evaluation_status\nimg/MEN/Denim/id_00000080/01_1_front.jpg id_00000080 train\nimg/WOMEN/Dresses/id_00000002/02_1_front.jpg id_00000002 query\n' > "$SRV/partition-count.txt"
printf '1\nimage_name item_id evaluation_status\nimg/MEN/Denim/id_00000080/01_1_front.jpg id_00000080 tran\n' > "$SRV/partition-status.txt"
printf '1\nimage_name item_id evaluation_status\nimg/MEN/Denim/id_00000099/x.jpg id_00000099 train\n' > "$SRV/partition-missing.txt"
expect_fail "inshop: no URLs explains where to get it" "no public direct download" env -u INSHOP_IMG_URL -u INSHOP_PARTITION_URL "$HERE/fetch-inshop.sh" "$T/in0"
D="$T/in1"
expect_ok "inshop: file:// zip + partition" env INSHOP_IMG_URL="file://$SRV/img.zip" INSHOP_PARTITION_URL="$HTTP/list_eval_partition.txt" "$HERE/fetch-inshop.sh" "$D"
check "inshop: layout list_eval_partition.txt + img/" test -f "$D/list_eval_partition.txt" -a -f "$D/img/WOMEN/Dresses/id_00000002/02_1_front.jpg"
expect_ok "inshop: second run is a no-op" "$HERE/fetch-inshop.sh" "$D"
expect_fail "inshop: count mismatch named" ":1: declares 3 images but lists 2" env INSHOP_IMG_URL="file://$SRV/img.zip" INSHOP_PARTITION_URL="$HTTP/partition-count.txt" "$HERE/fetch-inshop.sh" "$T/in2"
expect_fail "inshop: bad status named" ":3: expected" env INSHOP_IMG_URL="file://$SRV/img.zip" INSHOP_PARTITION_URL="$HTTP/partition-status.txt" "$HERE/fetch-inshop.sh" "$T/in3"
expect_fail "inshop: listed image missing from zip" "img/MEN/Denim/id_00000099/x.jpg" env INSHOP_IMG_URL="file://$SRV/img.zip" INSHOP_PARTITION_URL="$HTTP/partition-missing.txt" "$HERE/fetch-inshop.sh" "$T/in4"
expect_fail "inshop: sha256 mismatch" "checksum mismatch" env INSHOP_IMG_URL="file://$SRV/img.zip" INSHOP_PARTITION_URL="$HTTP/list_eval_partition.txt" INSHOP_IMG_SHA256=abc "$HERE/fetch-inshop.sh" "$T/in5"

# ---------- Fashion-MNIST (upstream path; apt skipped so no network is touched) ----------
FM="$SRV/fm"; mkdir -p "$FM"
python3 - "$FM" <<'PY'
import gzip, struct, sys, os
d = sys.argv[1]
def idx(name, dims, data):
    raw = bytes([0, 0, 8, len(dims)]) + b"".join(struct.pack(">i", x) for x in dims) + data
    with gzip.open(os.path.join(d, name + ".gz"), "wb") as f: f.write(raw)
idx("train-images-idx3-ubyte", [2, 28, 28], bytes(range(256)) * 6 + bytes(2 * 784 - 1536))
idx("train-labels-idx1-ubyte", [2], bytes([3, 7]))
idx("t10k-images-idx3-ubyte", [1, 28, 28], bytes(784))
idx("t10k-labels-idx1-ubyte", [1], bytes([9]))
PY
for f in train-images-idx3-ubyte train-labels-idx1-ubyte t10k-images-idx3-ubyte t10k-labels-idx1-ubyte; do
  echo "$(gzip -dc "$FM/$f.gz" | sha256sum | cut -c1-64)  $f"
done > "$T/fm.sha256"
sed '1s/^./0/' "$T/fm.sha256" > "$T/fm-wrong.sha256"
D="$T/fm1"
expect_ok "fashion-mnist: upstream over http, decompressed sha256" env FASHION_MNIST_NO_APT=1 FASHION_MNIST_URL="$HTTP/fm" FASHION_MNIST_SHA256_FILE="$T/fm.sha256" "$HERE/fetch-fashion-mnist.sh" "$D"
check "fashion-mnist: four .gz files" test -f "$D/train-images-idx3-ubyte.gz" -a -f "$D/t10k-labels-idx1-ubyte.gz"
expect_ok "fashion-mnist: second run is a no-op" env FASHION_MNIST_NO_APT=1 FASHION_MNIST_URL="$HTTP/none" FASHION_MNIST_SHA256_FILE="$T/fm.sha256" "$HERE/fetch-fashion-mnist.sh" "$D"
grep -q "already present and verified" "$T/out" && ok "fashion-mnist: says verified" || bad "fashion-mnist: says verified"
gzip -dc "$D/train-labels-idx1-ubyte.gz" > "$D/train-labels-idx1-ubyte" && rm "$D/train-labels-idx1-ubyte.gz"
expect_ok "fashion-mnist: raw (decompressed) files verify too" env FASHION_MNIST_NO_APT=1 FASHION_MNIST_URL="$HTTP/none" FASHION_MNIST_SHA256_FILE="$T/fm.sha256" "$HERE/fetch-fashion-mnist.sh" "$D"
expect_fail "fashion-mnist: wrong digest fails, names the file" "train-images-idx3-ubyte.gz decompresses to sha256" env FASHION_MNIST_NO_APT=1 FASHION_MNIST_URL="$HTTP/fm" FASHION_MNIST_SHA256_FILE="$T/fm-wrong.sha256" "$HERE/fetch-fashion-mnist.sh" "$T/fm2"
check "fashion-mnist: nothing copied on failure" test ! -e "$T/fm2/train-images-idx3-ubyte.gz"
expect_fail "fashion-mnist: unreachable upstream" "download failed: $HTTP/missing/train-images-idx3-ubyte.gz" env FASHION_MNIST_NO_APT=1 FASHION_MNIST_URL="$HTTP/missing" FASHION_MNIST_SHA256_FILE="$T/fm.sha256" "$HERE/fetch-fashion-mnist.sh" "$T/fm3"

# ---- fetch-voc.sh (file:// archives in the real VOC layout)
# make_tar NAME YEAR SPLIT ID
make_tar() {
  local b="$T/build/$1/VOCdevkit/VOC$2"
  mkdir -p "$b/Annotations" "$b/ImageSets/Main" "$b/JPEGImages"
  printf '<annotation><filename>%s.jpg</filename><size><width>10</width><height>10</height><depth>3</depth></size></annotation>\n' "$4" > "$b/Annotations/$4.xml"
  printf 'jpg' > "$b/JPEGImages/$4.jpg"
  printf '%s\n' "$4" > "$b/ImageSets/Main/$3.txt"
  tar -cf "$T/voc-srv/$1.tar" -C "$T/build/$1" VOCdevkit
}
mkdir -p "$T/voc-srv"
make_tar tv07 2007 trainval 000005
make_tar te07 2007 test 000001
make_tar tv12 2012 trainval 2008_000002
mkdir -p "$T/build/broken/other"; printf x > "$T/build/broken/other/x"; tar -cf "$T/voc-srv/broken.tar" -C "$T/build/broken" other
md5() { md5sum "$1" | cut -c1-32; }
ENV=(VOC2007_TRAINVAL_URL="file://$T/voc-srv/tv07.tar" VOC2007_TEST_URL="file://$T/voc-srv/te07.tar"
     VOC2012_TRAINVAL_URL="file://$T/voc-srv/tv12.tar" VOC2007_TRAINVAL_MD5="$(md5 "$T/voc-srv/tv07.tar")"
     VOC2007_TEST_MD5="$(md5 "$T/voc-srv/te07.tar")" VOC2012_TRAINVAL_MD5="$(md5 "$T/voc-srv/tv12.tar")")

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
expect_fail "voc: wrong layout fails" "no VOCdevkit" env "${ENV[@]}" VOC2007_TRAINVAL_URL="file://$T/voc-srv/broken.tar" VOC2007_TRAINVAL_MD5=skip "$HERE/fetch-voc.sh" "$T/voc3"
expect_fail "voc: missing archive fails" "download failed" env "${ENV[@]}" VOC2012_TRAINVAL_URL="file://$T/voc-srv/missing.tar" "$HERE/fetch-voc.sh" "$T/voc4"
expect_fail "voc: unknown year fails" "unknown VOC year" env "${ENV[@]}" VOC_YEARS=2010 "$HERE/fetch-voc.sh" "$T/voc5"

# ---------- bench-peers: merging rounds and the goals (no torch needed) ----------
P="$T/peers"; mkdir -p "$P"
printf 'shape,implementation,threads,rounds,median_ms\nbatch-512-d512,rambo,2,1,9.0\nbatch-1024-d512,rambo,2,1,30.0\n' > "$P/java-1.csv"
printf 'shape,implementation,threads,rounds,median_ms\nbatch-512-d512,rambo,2,1,8.0\nbatch-1024-d512,rambo,2,1,31.0\n' > "$P/java-2.csv"
printf 'shape,implementation,threads,rounds,median_ms\nbatch-512-d512,pml-contrastive,2,1,7.0\nbatch-512-d512,reference,2,1,36.0\nbatch-1024-d512,pml-contrastive,2,1,18.0\n' > "$P/peers-1.csv"
expect_ok "bench-peers: merge keeps each pair's best round" python3 "$HERE/bench-peers/peers.py" --merge "$P/out.csv" "$P/java-1.csv" "$P/java-2.csv" "$P/peers-1.csv"
check "bench-peers: merged rows, best rounds, rounds summed" test "$(cat "$P/out.csv")" = "$(printf 'shape,implementation,threads,rounds,median_ms\nbatch-512-d512,rambo,2,2,8.000\nbatch-512-d512,reference,2,1,36.000\nbatch-512-d512,pml-contrastive,2,1,7.000\nbatch-1024-d512,rambo,2,2,30.000\nbatch-1024-d512,pml-contrastive,2,1,18.000')"
# 7 / 8 = 0.875 >= 1/1.5: met; 36 / 8 = 4.5 >= 3: met; 18 / 30 = 0.6 < 1/1.5: not met
check "bench-peers: goal within 1.5x of PML met at 512" grep -qE "^batch-512-d512 +pml-contrastive / rambo +0.88 .*: met$" "$T/out"
check "bench-peers: goal 3x the reference met at 512" grep -qE "^batch-512-d512 +reference / rambo +4.50 .*: met$" "$T/out"
check "bench-peers: goal within 1.5x of PML not met at 1024" grep -qE "^batch-1024-d512 +pml-contrastive / rambo +0.60 .*: NOT met$" "$T/out"
check "bench-peers: no goal line for shapes not measured" test "$(grep -c "goal" "$T/out")" -eq 3

# ---------- bench-peers: the image pipeline's summary (no numpy, Pillow or OpenCV needed) ----------
printf 'implementation,threads,images,wall_s,cpu_s\njava,1,200,1.0,0.5\njava,2,200,0.5,0.6\npillow,1,200,1.0,1.0\npillow,1,200,2.0,1.6\n' > "$P/images.csv"
expect_ok "bench-images: summary" python3 "$HERE/bench-peers/image_peers.py" --summary "$P/images.csv"
# java: 200 / 0.5 = 400 per CPU-second, 2x Pillow's 200 (its best round); 2 threads: 400 / 200 images/s
check "bench-images: java per CPU-second and ratio" grep -qE "^java +1 +400.0 +200.0 +2.00$" "$T/out"
check "bench-images: pillow's best round" grep -qE "^pillow +1 +200.0 +200.0 +1.00$" "$T/out"
check "bench-images: two threads over one" grep -qE "^java: 2 threads deliver 2.00x one thread" "$T/out"

echo "data-scripts: $PASS passed, $FAIL failed"
[ "$FAIL" -eq 0 ]

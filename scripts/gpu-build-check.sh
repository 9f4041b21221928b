#!/usr/bin/env bash
# gpu-build-check.sh: the -Pgpu build compiles and starts, here without a GPU. It is built into
# harness/target-gpu (the CPU jar in harness/target is left alone) and started the way a GPU user
# starts it, on a libtorch named by PYTORCH_LIBRARY_PATH: the CPU libtorch DJL unpacked for the
# CPU build stands in for the CUDA one. Checks:
#   - started without PYTORCH_LIBRARY_PATH, the launcher says what to set (exit 4);
#   - PYTORCH_FLAVOR=cu124 is refused by the launcher in one line (exit 4);
#   - doctor on the CPU grids exits 0 and reports the libtorch loaded from PYTORCH_LIBRARY_PATH;
#   - doctor on the paper CUB grid (device: gpu) exits 1 with one line: no GPU.
# Needs the CPU build to have started once (make test or make build and any run), so that DJL's
# cache holds the CPU libtorch.
set -euo pipefail
cd "$(dirname "$0")/.."

fail() { echo "gpu-build-check: $*" >&2; exit 1; }
build=$PWD/harness/target-gpu
jar=$build/rambo-bench.jar

echo "gpu-build-check: mvn -Pgpu package into $build"
mvn -B -q -DskipTests -Pgpu -Dharness.build.dir="$build" package -pl harness -am
[[ "$(cat "$build/rambo-bench.native")" == external ]] || fail "the -Pgpu build did not mark its jar as needing PYTORCH_LIBRARY_PATH"

cache=${DJL_CACHE_DIR:-$HOME/.djl.ai}/pytorch
# the folder DJL unpacked the CPU jar's libtorch into (folders holding only a JNI bridge are skipped)
cpu_lib=$(find "$cache" -maxdepth 2 -path '*/2.7.1-*cpu-linux-x86_64/libtorch.so' 2>/dev/null | head -n 1)
cpu_lib=${cpu_lib%/libtorch.so}
[[ -n "$cpu_lib" ]] || fail "no CPU libtorch 2.7.1 in $cache: start the CPU build once first (make test)"
lib=$(mktemp -d)/libtorch/lib
mkdir -p "$lib"
cp "$cpu_lib"/lib*.so* "$lib"/
trap 'rm -rf "$(dirname "$(dirname "$lib")")"' EXIT

expect() { # expected exit code, what must be in the output, then the command
    local code=$1 text=$2 got
    shift 2
    set +e
    got=$("$@" 2>&1)
    local rc=$?
    set -e
    [[ $rc == "$code" ]] || fail "expected exit $code, got $rc from: $* -> $got"
    [[ "$got" == *"$text"* ]] || fail "expected '$text' from: $* -> $got"
    printf '%s\n' "$got" | sed 's/^/  /'
}

export RAMBO_BENCH_JAR=$jar
unset PYTORCH_LIBRARY_PATH PYTORCH_FLAVOR PYTORCH_VERSION
expect 4 "was built with -Pgpu and holds no PyTorch library" bin/rambo-bench doctor
expect 4 "PYTORCH_FLAVOR=cu124: the JNI bridge" env PYTORCH_LIBRARY_PATH="$lib" PYTORCH_FLAVOR=cu124 bin/rambo-bench doctor
export PYTORCH_LIBRARY_PATH=$lib PYTORCH_FLAVOR=cpu PYTORCH_VERSION=2.7.1
expect 0 "libtorch   cpu build, from the PYTORCH_LIBRARY_PATH" bin/rambo-bench doctor configs/ci.yaml configs/detection.json
expect 1 "rambo-bench doctor: configs/paper/cub.yaml: device gpu is not usable: the PyTorch library loaded is the CPU build" \
    bin/rambo-bench doctor configs/paper/cub.yaml
echo "gpu-build-check: passed"

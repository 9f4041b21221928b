# RaMBO reproducibility suite.
#   make reproduce   the default grid on CPU (fetches Fashion-MNIST on first use), then the report
#   make test        every module's tests and the data-script tests (needs python3 and curl; skipped
#                    with a message without them), then the jars
# Every run goes through bin/rambo-bench, which pins the numeric libraries (AVX2) so results are
# the same on every x86-64 machine (docs/determinism.md); RAMBO_CPU_MODE=fast make ... lifts the pin.
# See README.md for what each target produces and how long it takes.

MVN       ?= mvn -B -q
JAVA      ?= java
JAVA_OPTS ?= -Xmx8g
JAR       := harness/target/rambo-bench.jar
BENCH_JAR := bench/target/benchmarks.jar
RAMBO     := JAVA='$(JAVA)' RAMBO_JAVA_OPTS='$(JAVA_OPTS)' bin/rambo-bench
RUNS      ?= runs
RESULTS   ?= results

.PHONY: all format test build data-fashion-mnist data-cub data-sop data-inshop test-data-scripts \
        reproduce reproduce-paper report report-check check tune-demo reference bench bench-smoke bench-peers bench-images \
        detect clean doctor gpu-check

all: build

## format: apply the project's Java formatting (make test checks it, with compiler warnings as errors)
format:
	$(MVN) spotless:apply

## test: unit + integration tests of every module (JUnit Jupiter and TestNG), data-script tests
test: test-data-scripts
	bash scripts/check-self-contained.sh
	$(MVN) verify

test-data-scripts:
	bash data-scripts/test-scripts.sh

## build: the CLI jar (harness/target/rambo-bench.jar) and the JMH jar (bench/target/benchmarks.jar), no tests
build:
	$(MVN) -DskipTests package

## data: idempotent fetches (phony, so an incomplete folder gets repaired)
data-fashion-mnist:
	bash data-scripts/fetch-fashion-mnist.sh data/fashion-mnist
data-cub:
	bash data-scripts/fetch-cub.sh data/cub
data-sop:
	bash data-scripts/fetch-sop.sh data/sop
data-inshop:
	bash data-scripts/fetch-inshop.sh data/inshop

## reproduce: the default grid (7 methods x 3 seeds on Fashion-MNIST, CPU), the detection pair
## on the synthetic VOC set, then the report
reproduce: data-fashion-mnist build
	$(RAMBO) run configs/default.yaml --runs-dir $(RUNS)
	$(MAKE) --no-print-directory detect
	$(MAKE) --no-print-directory report

## detect: softmax cross-entropy vs RaMBO mAP+APC in a small detector, VOC AP50 (synthetic layout, real objects)
detect: data-fashion-mnist build
	JAVA='$(JAVA)' RAMBO_JAVA_OPTS='$(JAVA_OPTS) -Dai.djl.pytorch.num_threads=2 -Dai.djl.pytorch.num_interop_threads=1' \
	    bin/rambo-bench detect configs/detection.json --runs-dir $(RUNS)

## reproduce-paper: the paper protocol on a real dataset and a GPU, e.g.
##   make reproduce-paper DATASET=cub   (needs data/cub, the ResNet-50 TorchScript file, CUDA libtorch)
DATASET ?= cub
reproduce-paper:
	$(MVN) -DskipTests -Pgpu package
	$(RAMBO) run configs/paper/$(DATASET).yaml --runs-dir $(RUNS)
	$(RAMBO) report $(RUNS)/paper-$(DATASET) --out $(RESULTS)/paper-$(DATASET)

## doctor: the engine, libtorch, CUDA and GPUs this machine has, and the device each config would
## train on (make doctor DOCTOR_CONFIGS=configs/paper/cub.yaml for a GPU grid)
DOCTOR_CONFIGS ?= configs/default.yaml configs/detection.json
doctor: build
	$(RAMBO) doctor $(DOCTOR_CONFIGS)

## gpu-check: the GPU path proven in under 10 minutes (doctor, the paper shape per method, the ci
## grid on CPU and GPU) into gpu-check/summary.md; on a machine without a GPU, the same at a small shape on the CPU
gpu-check: build
	bash scripts/gpu-check.sh

## report: results.csv, summary.csv and report.html from the default grid's and the detection pair's run folders
report:
	$(RAMBO) report $(RUNS) --out $(RESULTS)/default

## bench: the JMH suite (module bench/, package org.rambo.bench; about 25 min on an idle 2-core
## machine, plus the evaluation at CUB, In-shop and SOP sizes) into reports/bench/: JMH JSON,
## side-by-side ratios, training shapes, paper scale, evaluation, loss memory, environment, summary.csv
J_BENCH = $(JAVA) -Dai.djl.offline=true
BENCH_PKG = org\.rambo\.bench
bench: build
	mkdir -p reports/bench/side-by-side reports/bench/training-shapes reports/bench/evaluation
	$(J_BENCH) -jar $(BENCH_JAR) '$(BENCH_PKG)\.(Ranking|MatrixRanking|Loss|RamboCost)Benchmark' -rf json -rff reports/bench/jmh-suite.json
	$(J_BENCH) -jar $(BENCH_JAR) '$(BENCH_PKG)\.TrainingShapesBenchmark' -rf json -rff reports/bench/training-shapes/jmh.json
	$(J_BENCH) -jar $(BENCH_JAR) '$(BENCH_PKG)\.PaperScaleBenchmark' -rf json -rff reports/bench/jmh-paper-scale.json
	$(J_BENCH) -jar $(BENCH_JAR) '$(BENCH_PKG)\.ImagePipelineBenchmark' -rf json -rff reports/bench/jmh-image-pipeline.json
	$(J_BENCH) -jar $(BENCH_JAR) '$(BENCH_PKG)\.EvaluationBenchmark' -rf json -rff reports/bench/evaluation/jmh.json
	$(J_BENCH) -Xmx12g -cp $(BENCH_JAR) org.rambo.bench.SideBySide reports/bench/side-by-side/after-2^16-2^20.csv 7 65536 1048576
	$(J_BENCH) -Xmx12g -cp $(BENCH_JAR) org.rambo.bench.SideBySide reports/bench/side-by-side/after-2^24.csv 3 16777216
	$(J_BENCH) -cp $(BENCH_JAR) org.rambo.bench.LossMemory reports/bench/loss-memory.csv
	$(J_BENCH) -cp $(BENCH_JAR) org.rambo.bench.Environment reports/bench/environment.json
	$(J_BENCH) -cp $(BENCH_JAR) org.rambo.bench.ScalingFit reports/bench reports/bench/jmh-suite.json reports/bench/jmh-paper-scale.json

## bench-smoke: what CI runs: the benchmarks jar starts and measures one tiny case
bench-smoke:
	$(J_BENCH) -jar $(BENCH_JAR) '$(BENCH_PKG)\.RamboCostBenchmark\.ramboRecallForwardBackward' -p n=65536 -f 1 -wi 0 -i 1 -r 100ms -rf json -rff /tmp/jmh-smoke.json

## bench-peers: the training shapes and paper scale timed beside the public reference code
## (blackbox-backprop) and pytorch-metric-learning in a Python venv; writes
## reports/bench/training-shapes.csv. Optional, outside the Java build; see
## data-scripts/bench-peers/README.md (PEER_ARGS e.g. --wheels DIR --reference DIR).
PEER_ARGS ?=
bench-peers: build
	bash data-scripts/bench-peers/bench-peers.sh --jar $(BENCH_JAR) --out reports/bench/training-shapes.csv $(PEER_ARGS)

## bench-images: the image pipeline's training view beside Pillow and OpenCV in a Python venv;
## writes reports/bench/image-pipeline.csv (IMAGE_PEER_ARGS e.g. --wheels DIR --rounds 5)
IMAGE_PEER_ARGS ?=
bench-images: build
	bash data-scripts/bench-peers/bench-images.sh --jar $(BENCH_JAR) --out reports/bench/image-pipeline.csv $(IMAGE_PEER_ARGS)

## check: the regression gate: train the small `ci` grid, compare with the committed reference
check: data-fashion-mnist build
	$(RAMBO) run configs/ci.yaml --runs-dir $(RUNS) --no-progress
	$(RAMBO) check $(RUNS)/ci --against reports/reference/ci.csv --out $(RESULTS)/ci/check.csv

## tune-demo: every method of the default grid tuned with the same budget on class-disjoint folds of
## the training classes, each best setting trained with 3 seeds, then the report (results/tune-demo-tuned)
tune-demo: data-fashion-mnist build
	$(RAMBO) tune configs/tune-demo.yaml --runs-dir $(RUNS) --no-progress
	$(RAMBO) report $(RUNS)/tune-demo-tuned --out $(RESULTS)/tune-demo-tuned

## reference: rewrite reports/reference/ci.csv and its fingerprints from the current `ci` runs (deliberate, reviewed change)
reference:
	$(RAMBO) check $(RUNS)/ci --write-reference reports/reference/ci.csv
	$(RAMBO) check $(RUNS)/ci --write-fingerprints reports/reference/ci-fingerprints.csv

## report-check: render a grid's report.html in headless Chromium, screenshot it, assert it rendered
REPORT_GRID ?= default
report-check:
	$(RAMBO) report $(RUNS)/$(REPORT_GRID) --out $(RESULTS)/$(REPORT_GRID)
	bash reports/scripts/report-check.sh $(RESULTS)/$(REPORT_GRID)/report.html $(RESULTS)/$(REPORT_GRID)/report-screenshot.png

## paper-smoke: every paper config (configs/paper/{cub,sop,inshop}.yaml, voc.json) on CPU for two
## training steps per method and one evaluation, on fixture trees in each dataset's real format,
## through ResNet-50, the real losses, evaluation and report (harness/target/paper-smoke/)
.PHONY: paper-smoke slurm-check
paper-smoke:
	$(MVN) -pl harness -am verify -Dpaper.smoke=true -Dtest=PaperSmokeTest -Dsurefire.failIfNoSpecifiedTests=false

## slurm-check: a single-node Slurm here (needs root), the ci grid as a job array and a report job,
## a requeued task that resumes with the same metrics (scripts/slurm-ci.sh); after make check, its
## runs are the reference for the requeued run
slurm-check: data-fashion-mnist build
	REFERENCE_RUNS=$(RUNS) bash scripts/slurm-ci.sh

clean:
	$(MVN) clean

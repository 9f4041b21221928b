# RaMBO reproducibility suite. `make test` is what CI runs (.ci/run).
MVN ?= mvn -B -q
JAR := harness/target/rambo-bench.jar

.PHONY: test build clean

## test: unit and integration tests of every module, then the jars (offline-safe once deps are cached)
test:
	$(MVN) verify

## build: the CLI jar (harness/target/rambo-bench.jar) and the benchmarks jar, without tests
build: $(JAR)

$(JAR):
	$(MVN) -DskipTests package

clean:
	$(MVN) clean

#!/usr/bin/env bash
# Measures create + start + wait of `true` through the REST API against raw `runc run` of an
# equivalent bundle, in the same run, and prints medians and their ratio.
#   benchmark.sh [iterations]     (default 30, after 5 warm-up runs each; run as root)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash backend/scripts/install-packages.sh test
./mvnw -B -q -DskipTests install
cd docker-free-tests
exec ../mvnw -B -q exec:java -Dexec.mainClass=dev.bulkhead.it.bench.RunBenchmark -Dexec.classpathScope=test \
	-Dexec.args="${1:-30}" -Dbulkhead.jar="$PWD/../backend/target/bulkhead.jar" -Dbulkhead.scripts="$PWD/scripts"

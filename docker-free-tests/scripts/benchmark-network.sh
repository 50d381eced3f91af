#!/usr/bin/env bash
# Measures what networking adds to a start: create + start + wait of `true` through the REST
# API with network `none` against a user-defined bridge network with one published port,
# alternating in the same run, and prints both medians and their difference.
#   benchmark-network.sh [iterations]     (default 30, after 5 warm-up runs each; run as root)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash backend/scripts/install-packages.sh test
./mvnw -B -q -DskipTests install
cd docker-free-tests
exec ../mvnw -B -q exec:java -Dexec.mainClass=dev.bulkhead.it.bench.RunNetworkBenchmark -Dexec.classpathScope=test \
	-Dexec.args="${1:-30}" -Dbulkhead.jar="$PWD/../backend/target/bulkhead.jar" -Dbulkhead.scripts="$PWD/scripts"

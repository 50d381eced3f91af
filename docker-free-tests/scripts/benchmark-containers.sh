#!/usr/bin/env bash
# Measures bringing up many long-running containers: create + start of N containers (default 100)
# through the REST API, one after another and P at a time (default 10), against raw `runc run --detach`
# of the same config.json in the same run; then the list endpoint's median latency with N running.
#   benchmark-containers.sh [count] [parallel]     (run as root)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash backend/scripts/install-packages.sh test
./mvnw -B -q -DskipTests install
cd docker-free-tests
exec ../mvnw -B -q exec:java -Dexec.mainClass=dev.bulkhead.it.bench.RunContainersBenchmark \
	-Dexec.classpathScope=test -Dexec.args="${1:-100} ${2:-10}" \
	-Dbulkhead.jar="$PWD/../backend/target/bulkhead.jar" -Dbulkhead.scripts="$PWD/scripts"

#!/usr/bin/env bash
# Times the server-side rendering of the containers page with many containers (created, not
# started) for a signed-in user, and prints medians.
#   dashboard-benchmark.sh [containers] [iterations] [warm-up rounds]   (default 200, 50, 200; run as root)
set -euo pipefail
cd "$(dirname "$0")/../.."
bash backend/scripts/install-packages.sh test
classpath=$(mktemp)
# One reactor run, so the modules' own jars are on the classpath without installing them.
./mvnw -B -q -DskipTests -Dit.test=NONE package dependency:build-classpath -Dmdep.outputFile="$classpath" \
	-Dmdep.includeScope=test
exec java -cp "docker-free-tests/target/test-classes:$(cat "$classpath")" \
	-Dbulkhead.jar="$PWD/backend/target/bulkhead.jar" -Dbulkhead.scripts="$PWD/docker-free-tests/scripts" \
	dev.bulkhead.it.bench.DashboardBenchmark "${1:-200}" "${2:-50}" "${3:-200}"

#!/usr/bin/env bash
# Runs every test: the unit tests of each module and, as root, the docker-free integration
# tests that start real containers. Installs the system packages the tests need when run as
# root.
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ $(id -u) -eq 0 ]]; then
	bash backend/scripts/install-packages.sh test
else
	echo "Not root: the integration tests that need the kernel will be skipped." >&2
fi
exec ./mvnw -B verify "$@"

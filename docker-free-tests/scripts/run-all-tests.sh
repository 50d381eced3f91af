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
# The Docker API is tested with the stock docker CLI. Only its client binary is needed:
# when none is on PATH, Debian's docker.io package is downloaded (not installed) and just
# usr/bin/docker is taken from it. dockerd is never installed or started.
docker_client=$(command -v docker || true)
if [[ -z "$docker_client" ]]; then
	cache=docker-free-tests/target/docker-client
	if [[ ! -x "$cache/usr/bin/docker" ]]; then
		mkdir -p "$cache/deb"
		(cd "$cache/deb" && apt-get download docker.io)
		dpkg-deb --fsys-tarfile "$cache"/deb/docker.io_*.deb | tar -x -C "$cache" ./usr/bin/docker
		rm -rf "$cache/deb"
	fi
	docker_client=$(pwd)/$cache/usr/bin/docker
fi
exec ./mvnw -B verify -Dbulkhead.docker="$docker_client" "$@"

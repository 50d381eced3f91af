#!/usr/bin/env bash
# Sets up and starts a Bulkhead server: installs missing system packages (as root), builds
# with the Maven wrapper, and runs the server in the foreground on http://127.0.0.1:8080.
# Extra arguments are passed to the server, e.g. --server.port=9090 or
# --bulkhead.data-root=/srv/bulkhead (the same as BULKHEAD_DATA_ROOT).
set -euo pipefail
cd "$(dirname "$0")/../.."

if [[ $(id -u) -ne 0 ]]; then
	echo "Bulkhead runs containers with runc and mounts overlayfs: run this as root (sudo)." >&2
	exit 1
fi
bash backend/scripts/install-packages.sh server
./mvnw -B -q -DskipTests package

data_root=${BULKHEAD_DATA_ROOT:-/var/lib/bulkhead}
# A data root given as an argument wins; passing ours as well would make Spring join both
# into one comma-separated path.
args=()
for arg in "$@"; do
	if [[ "$arg" == --bulkhead.data-root=* ]]; then
		data_root=${arg#--bulkhead.data-root=}
	else
		args+=("$arg")
	fi
done
if [[ -z "${BULKHEAD_ADMIN_PASSWORD:-}" && ! -e "$data_root/db" ]]; then
	echo "The first admin's password will be written to $data_root/initial-admin-password"
	echo "(set BULKHEAD_ADMIN_PASSWORD to choose it instead)."
fi
exec java -jar backend/target/bulkhead.jar --bulkhead.data-root="$data_root" "${args[@]}"

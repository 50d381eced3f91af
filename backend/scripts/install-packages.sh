#!/usr/bin/env bash
# Installs the Debian packages Bulkhead needs, when they are missing.
#   install-packages.sh server   what the server needs to run containers
#   install-packages.sh test     that, plus what the test suite uses
set -euo pipefail

want=(runc conmon busybox-static catatonit containernetworking-plugins iptables iproute2 util-linux)
if [[ "${1:-server}" == "test" ]]; then
	want+=(jq chromium chromium-driver docker-registry skopeo umoci apache2-utils openssl gcc libc6-dev postgresql
		python3-docker)
fi

missing=()
for pkg in "${want[@]}"; do
	if ! dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed"; then
		missing+=("$pkg")
	fi
done
if ! command -v java >/dev/null 2>&1; then
	missing+=(openjdk-17-jdk-headless)
fi

if ((${#missing[@]} == 0)); then
	exit 0
fi
if [[ $(id -u) -ne 0 ]]; then
	echo "Missing packages: ${missing[*]}. Run as root to install them (apt-get install ${missing[*]})." >&2
	exit 1
fi
echo "Installing: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
apt-get update -q
apt-get install -y -q --no-install-recommends "${missing[@]}"

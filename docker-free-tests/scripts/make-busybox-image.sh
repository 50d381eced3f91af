#!/usr/bin/env bash
# Builds a small OCI image layout tar from this host's statically linked busybox, so the
# integration tests have an image without pulling anything from the network.
#
#   make-busybox-image.sh OUTPUT.tar [REF]      (REF defaults to busybox:latest)
#
# The image has one gzip layer: /bin/busybox with a symlink per applet in /bin, /tmp
# (1777), and /etc/passwd and /etc/group with root and nobody (65534). Its config sets
# PATH=/bin and Cmd ["sh"]. The output is byte-for-byte reproducible for a given busybox
# binary: fixed mtimes, sorted entries, numeric root owners, gzip without a name or time.
# Needs only coreutils, tar, gzip and sha256sum.
set -euo pipefail

usage() {
	echo "usage: $0 OUTPUT.tar [REF]" >&2
	exit 2
}

[[ $# -ge 1 && $# -le 2 ]] || usage
output=$1
ref=${2:-busybox:latest}
busybox=${BUSYBOX:-/bin/busybox}

if [[ ! "$ref" =~ ^[A-Za-z0-9._:/@-]+$ ]]; then
	echo "$0: '$ref' is not a valid image reference" >&2
	exit 2
fi
if [[ ! -x "$busybox" ]]; then
	echo "$0: $busybox not found; install Debian's busybox-static (apt-get install busybox-static)" >&2
	exit 1
fi
case "$(uname -m)" in
	x86_64 | amd64) architecture=amd64 ;;
	aarch64 | arm64) architecture=arm64 ;;
	*)
		echo "$0: unsupported machine $(uname -m); expected x86_64 or aarch64" >&2
		exit 1
		;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rootfs=$work/rootfs
layout=$work/layout
mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$layout/blobs/sha256"

install -m 0755 "$busybox" "$rootfs/bin/busybox"
for applet in $("$busybox" --list); do
	[[ "$applet" == busybox ]] && continue
	ln -s busybox "$rootfs/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnobody:x:65534:\n' >"$rootfs/etc/group"
chmod 0755 "$rootfs/bin" "$rootfs/etc"
chmod 0644 "$rootfs/etc/passwd" "$rootfs/etc/group"
chmod 1777 "$rootfs/tmp"

deterministic_tar() {
	tar --create --format=gnu --mtime=@0 --sort=name --owner=0 --group=0 --numeric-owner "$@"
}

# Stores a file as a blob under its sha256 and prints the digest's hex.
add_blob() {
	local hex
	hex=$(sha256sum "$1" | cut -d' ' -f1)
	cp "$1" "$layout/blobs/sha256/$hex"
	echo "$hex"
}

deterministic_tar --file="$work/layer.tar" -C "$rootfs" bin etc tmp
diff_id=$(sha256sum "$work/layer.tar" | cut -d' ' -f1)
gzip -n -9 <"$work/layer.tar" >"$work/layer.tar.gz"
layer_hex=$(add_blob "$work/layer.tar.gz")
layer_size=$(stat -c %s "$work/layer.tar.gz")

version=$("$busybox" 2>/dev/null | head -n 1 | tr -d '"\\' || true)
epoch=1970-01-01T00:00:00Z
printf '%s' "{\"created\":\"$epoch\",\"architecture\":\"$architecture\",\"os\":\"linux\",\
\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"]},\
\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[\"sha256:$diff_id\"]},\
\"history\":[{\"created\":\"$epoch\",\"created_by\":\"make-busybox-image.sh: ${version:-busybox}\"}]}" \
	>"$work/config.json"
config_hex=$(add_blob "$work/config.json")
config_size=$(stat -c %s "$work/config.json")

printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\
\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:$config_hex\",\"size\":$config_size},\
\"layers\":[{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$layer_hex\",\"size\":$layer_size}]}" \
	>"$work/manifest.json"
manifest_hex=$(add_blob "$work/manifest.json")
manifest_size=$(stat -c %s "$work/manifest.json")

printf '%s' "{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.index.v1+json\",\
\"manifests\":[{\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:$manifest_hex\",\
\"size\":$manifest_size,\"platform\":{\"architecture\":\"$architecture\",\"os\":\"linux\"},\
\"annotations\":{\"org.opencontainers.image.ref.name\":\"$ref\"}}]}" >"$layout/index.json"
printf '%s' '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"

deterministic_tar --file="$work/image.tar" -C "$layout" oci-layout index.json blobs
mv "$work/image.tar" "$output"
echo "wrote $output: $ref ($architecture), manifest sha256:$manifest_hex, config sha256:$config_hex"

#!/usr/bin/env bash
# Writes an OCI image layout tar holding the host's static busybox, for tests and for trying
# Bulkhead without a registry:
#   make-busybox-image.sh OUTPUT.tar [REFERENCE]      (default reference: busybox:latest)
# With HEALTHCHECK set to a docker Healthcheck object (e.g. '{"Test":["CMD","true"],"Interval":1000000000}')
# the image carries that HEALTHCHECK.
# Needs Debian's busybox-static (/bin/busybox) and coreutils, tar, gzip. The result is
# reproducible: fixed times, owners and order.
set -euo pipefail

out=${1:?usage: make-busybox-image.sh OUTPUT.tar [REFERENCE]}
ref=${2:-busybox:latest}
busybox=${BUSYBOX:-/bin/busybox}

if ! "$busybox" --list >/dev/null 2>&1; then
	echo "no usable busybox at $busybox; install busybox-static (apt-get install busybox-static)" >&2
	exit 1
fi
if ldd "$busybox" >/dev/null 2>&1; then
	echo "$busybox is dynamically linked; install busybox-static, whose busybox runs in an empty root" >&2
	exit 1
fi

case "$(uname -m)" in
	x86_64) arch=amd64 ;;
	aarch64) arch=arm64 ;;
	*) arch=$(uname -m) ;;
esac

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
root="$work/rootfs"
layout="$work/layout"
mkdir -p "$root/bin" "$root/etc" "$root/tmp" "$root/root" "$layout/blobs/sha256"
chmod 1777 "$root/tmp"
chmod 0700 "$root/root"
cp "$busybox" "$root/bin/busybox"
chmod 0755 "$root/bin/busybox"
for applet in $("$busybox" --list); do
	[[ "$applet" == busybox ]] || ln -s busybox "$root/bin/$applet"
done
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$root/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$root/etc/group"

sha() { sha256sum "$1" | cut -d' ' -f1; }
size() { stat -c %s "$1"; }
blob() { # moves a file into the layout under its digest and prints the digest
	local digest
	digest=$(sha "$1")
	mv "$1" "$layout/blobs/sha256/$digest"
	echo "$digest"
}

tar --create --file="$work/layer.tar" --directory="$root" --sort=name --mtime=@0 \
	--owner=0 --group=0 --numeric-owner --format=posix --pax-option=delete=atime,delete=ctime .
diff_id=$(sha "$work/layer.tar")
gzip -n -9 "$work/layer.tar"
layer_size=$(size "$work/layer.tar.gz")
layer_digest=$(blob "$work/layer.tar.gz")

healthcheck=${HEALTHCHECK:+,\"Healthcheck\":$HEALTHCHECK}
cat >"$work/config.json" <<JSON
{"created":"1970-01-01T00:00:00Z","architecture":"$arch","os":"linux","config":{"Env":["PATH=/bin"],"Cmd":["sh"],"WorkingDir":"/"$healthcheck},"rootfs":{"type":"layers","diff_ids":["sha256:$diff_id"]},"history":[{"created":"1970-01-01T00:00:00Z","created_by":"make-busybox-image.sh: the host's busybox-static with its applets"}]}
JSON
config_size=$(size "$work/config.json")
config_digest=$(blob "$work/config.json")

cat >"$work/manifest.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:$config_digest","size":$config_size},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":"sha256:$layer_digest","size":$layer_size}]}
JSON
manifest_size=$(size "$work/manifest.json")
manifest_digest=$(blob "$work/manifest.json")

printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
cat >"$layout/index.json" <<JSON
{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:$manifest_digest","size":$manifest_size,"annotations":{"org.opencontainers.image.ref.name":"$ref"}}]}
JSON

mkdir -p "$(dirname "$out")"
tar --create --file="$out.tmp" --directory="$layout" --sort=name --mtime=@0 --owner=0 --group=0 --numeric-owner \
	oci-layout index.json blobs
mv "$out.tmp" "$out"
echo "wrote $out ($ref, sha256:$manifest_digest)"

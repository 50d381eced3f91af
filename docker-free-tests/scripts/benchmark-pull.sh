#!/usr/bin/env bash
# Measures pull + unpack of a 100 MiB, 5-layer image from a local registry (Debian's
# docker-registry on 127.0.0.1) three ways in the same run and prints the medians and
# their ratios:
#   bulkhead       POST /api/v1/images/pull (download, verify, unpack into overlay layers)
#   skopeo         skopeo copy docker://... oci:DIR (download and verify only)
#   skopeo+umoci   skopeo copy, then umoci unpack into a runtime bundle
#   benchmark-pull.sh [runs]     (default 5; run as root: the server unpacks as root)
# Every run starts from an empty store. The layers are gzip-compressed pseudo-random
# bytes from a fixed seed, so every run and every tool moves the same bytes.
set -euo pipefail
cd "$(dirname "$0")/../.."
runs=${1:-5}
if [[ $(id -u) -ne 0 ]]; then
	echo "run as root: the server unpacks layers with their owners" >&2
	exit 1
fi
bash backend/scripts/install-packages.sh test
jar=backend/target/bulkhead.jar
if [[ ! -f $jar ]]; then
	./mvnw -B -q -DskipTests package -pl backend -am
fi

work=$(mktemp -d /tmp/bulkhead-bench-pull.XXXXXX)
pids=()
cleanup() {
	for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
	wait 2>/dev/null || true
	rm -rf "$work"
}
trap cleanup EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
now_ms() { echo $(($(date +%s%N) / 1000000)); }
sha() { sha256sum "$1" | cut -d' ' -f1; }

# --- the image: 5 layers of 20 MiB each, as an OCI layout pushed with skopeo ---
layout="$work/layout"
mkdir -p "$layout/blobs/sha256" "$work/layer"
layers="" diff_ids=""
for i in 1 2 3 4 5; do
	rm -rf "$work/layer"/* && mkdir -p "$work/layer/data"
	# openssl stops with SIGPIPE when head has enough: expected, hence || true.
	(openssl enc -aes-128-ctr -nosalt -pass "pass:bulkhead-bench-$i" -pbkdf2 </dev/zero 2>/dev/null || true) |
		head -c $((20 << 20)) >"$work/layer/data/part-$i.bin"
	tar --create --file="$work/layer.tar" --directory="$work/layer" --sort=name --mtime=@0 --owner=0 --group=0 \
		--numeric-owner .
	diff_ids+="${diff_ids:+,}\"sha256:$(sha "$work/layer.tar")\""
	gzip -n -1 -f "$work/layer.tar"
	digest=$(sha "$work/layer.tar.gz")
	size=$(stat -c %s "$work/layer.tar.gz")
	mv "$work/layer.tar.gz" "$layout/blobs/sha256/$digest"
	layers+="${layers:+,}{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar+gzip\",\"digest\":\"sha256:$digest\",\"size\":$size}"
done
printf '{"architecture":"amd64","os":"linux","config":{"Cmd":["sh"]},"rootfs":{"type":"layers","diff_ids":[%s]}}' \
	"$diff_ids" >"$work/config.json"
config_digest=$(sha "$work/config.json")
config_size=$(stat -c %s "$work/config.json")
mv "$work/config.json" "$layout/blobs/sha256/$config_digest"
printf '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":"sha256:%s","size":%s},"layers":[%s]}' \
	"$config_digest" "$config_size" "$layers" >"$work/manifest.json"
manifest_digest=$(sha "$work/manifest.json")
manifest_size=$(stat -c %s "$work/manifest.json")
mv "$work/manifest.json" "$layout/blobs/sha256/$manifest_digest"
printf '{"imageLayoutVersion":"1.0.0"}' >"$layout/oci-layout"
printf '{"schemaVersion":2,"manifests":[{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:%s","size":%s,"annotations":{"org.opencontainers.image.ref.name":"1"}}]}' \
	"$manifest_digest" "$manifest_size" >"$layout/index.json"

# --- the registry ---
registry_port=$(free_port)
registry="127.0.0.1:$registry_port"
cat >"$work/registry.yml" <<YAML
version: 0.1
log:
  level: error
storage:
  filesystem:
    rootdirectory: $work/registry
http:
  addr: $registry
YAML
docker-registry serve "$work/registry.yml" >"$work/registry.log" 2>&1 &
pids+=($!)
for _ in $(seq 100); do curl -sf "http://$registry/v2/" >/dev/null && break || sleep 0.1; done
skopeo copy --quiet --dest-tls-verify=false "oci:$layout:1" "docker://$registry/bench/pull:1"
reference="$registry/bench/pull:1"

# --- the server ---
port=$(free_port)
password="bench-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')"
BULKHEAD_ADMIN_PASSWORD=$password java -jar "$jar" --bulkhead.data-root="$work/data/root" \
	--bulkhead.run-root="$work/data/run" --server.port="$port" --server.address=127.0.0.1 \
	--bulkhead.registries.insecure="$registry" >"$work/server.log" 2>&1 &
pids+=($!)
base="http://127.0.0.1:$port"
for _ in $(seq 300); do curl -sf "$base/login" >/dev/null && break || sleep 0.2; done
token=$(curl -sf -u "admin:$password" -H 'Content-Type: application/json' \
	-d '{"name":"bench","expiresInDays":1}' "$base/api/v1/tokens" | sed 's/.*"token":"\([^"]*\)".*/\1/')
auth="Authorization: Bearer $token"

bulkhead_pull() {
	curl -sf -H "$auth" -X DELETE "$base/api/v1/images/$reference?force=true" >/dev/null 2>&1 || true
	local start end
	start=$(now_ms)
	curl -sf -N -H "$auth" -H 'Content-Type: application/json' -d "{\"reference\":\"$reference\"}" \
		"$base/api/v1/images/pull" >"$work/pull.out"
	end=$(now_ms)
	grep -q '"status":"done","image"' "$work/pull.out" || { cat "$work/pull.out" >&2; exit 1; }
	echo $((end - start))
}
skopeo_copy() {
	rm -rf "$work/oci"
	local start end
	start=$(now_ms)
	skopeo copy --quiet --src-tls-verify=false "docker://$reference" "oci:$work/oci:1"
	end=$(now_ms)
	echo $((end - start))
}
skopeo_umoci() {
	rm -rf "$work/oci" "$work/bundle"
	local start end
	start=$(now_ms)
	skopeo copy --quiet --src-tls-verify=false "docker://$reference" "oci:$work/oci:1"
	umoci unpack --image "$work/oci:1" "$work/bundle" >/dev/null
	end=$(now_ms)
	echo $((end - start))
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : int((a[NR/2]+a[NR/2+1])/2)}'; }

declare -A times
for name in bulkhead skopeo skopeo+umoci; do times[$name]=""; done
bulkhead_pull >/dev/null # warm-up: the JIT, the page cache of the registry's files
skopeo_copy >/dev/null
for run in $(seq "$runs"); do
	times[bulkhead]+="$(bulkhead_pull) "
	times[skopeo]+="$(skopeo_copy) "
	times[skopeo+umoci]+="$(skopeo_umoci) "
	echo "run $run/$runs done" >&2
done

skopeo_median=$(echo "${times[skopeo]}" | tr ' ' '\n' | grep . | median)
echo
echo "pull + unpack of a 100 MiB image in 5 gzip layers from $registry, median of $runs runs"
printf '%-14s %10s %12s   %s\n' "tool" "median ms" "vs skopeo" "all runs (ms)"
for name in bulkhead skopeo skopeo+umoci; do
	m=$(echo "${times[$name]}" | tr ' ' '\n' | grep . | median)
	printf '%-14s %10d %11.2fx   %s\n' "$name" "$m" "$(awk -v a="$m" -v b="$skopeo_median" 'BEGIN {print a / b}')" \
		"${times[$name]}"
done
echo "(bulkhead and skopeo+umoci unpack the layers; skopeo alone only downloads and verifies them)"

package dev.bulkhead.backend.dockerapi;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;

import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.PortSpecs;

/**
 * Translates the body of Docker's {@code POST /containers/create} into Bulkhead's
 * {@link ContainerConfig}, which then goes through the same admission, quotas and access
 * checks as a native create. Read from a tree rather than bound to records because
 * Docker's fields change type between versions (a string or a list for
 * {@code Entrypoint}) and most of them are absent or Go zero values.
 *
 * <p>
 * Docker clients send every boolean, {@code false} included: a {@code false}
 * {@code ReadonlyRootfs} or {@code Privileged} is read as "not asked for", so Bulkhead's
 * defaults (a read-only root) apply; only {@code true} is a request. Fields that relax
 * the hardening ({@code Privileged}, {@code CapAdd}, {@code SecurityOpt}, host
 * namespaces, devices, binds, a root user) are passed on for admission to judge.
 */
final class DockerContainerCreate {

	/**
	 * Marks a container made by {@code docker run --rm}: the docker client's wait for its
	 * removal removes it once it exited (Bulkhead's containers have no auto-remove of
	 * their own, and a label survives a restart of the server).
	 */
	static final String AUTO_REMOVE_LABEL = "dev.bulkhead.docker.auto-remove";

	private DockerContainerCreate() {
	}

	static ContainerConfig toConfig(String name, JsonNode body) {
		if (body == null || !body.isObject()) {
			throw new InvalidArgumentException("the body must be a JSON object with at least \"Image\"");
		}
		String image = text(body, "Image");
		if (image == null) {
			throw new InvalidArgumentException("\"Image\" is required: the image to create the container from");
		}
		JsonNode host = body.path("HostConfig");
		boolean attached = body.path("AttachStdout").asBoolean(false) || body.path("AttachStderr").asBoolean(false);
		boolean autoRemove = host.path("AutoRemove").asBoolean(false);
		if (autoRemove && !attached) {
			throw new InvalidArgumentException("docker run -d --rm is not supported by Bulkhead's Docker API yet: a "
					+ "container is removed after it exits only while docker waits for it (docker run --rm without "
					+ "-d); run -d without --rm and remove the container with docker rm");
		}
		if (body.path("Tty").asBoolean(false) || body.path("OpenStdin").asBoolean(false)) {
			// refused here, where docker prints the message; a refused attach shows only
			// "unable to upgrade to tcp"
			throw new InvalidArgumentException("interactive containers (docker run -i, -t) are not supported by "
					+ "Bulkhead's Docker API: attach carries output only, no input or terminal; use docker run "
					+ "without -it (or -d, then docker logs), and the dashboard's terminal for a shell");
		}
		ContainerConfig.Resources resources = new ContainerConfig.Resources(positive(host, "Memory"),
				(positive(host, "NanoCpus") != null) ? positive(host, "NanoCpus") / 1e9 : null,
				positive(host, "PidsLimit"), positive(host, "MemoryReservation"), positive(host, "CpuShares"));
		ContainerConfig.Security security = new ContainerConfig.Security(null, strings(host.path("CapAdd")),
				host.path("ReadonlyRootfs").asBoolean(false) ? Boolean.TRUE : null, null,
				host.path("Privileged").asBoolean(false) ? Boolean.TRUE : null, strings(host.path("SecurityOpt")),
				text(host, "UsernsMode"), text(host, "PidMode"), ipcMode(text(host, "IpcMode")),
				devices(host.path("Devices")), null);
		NetworkChoice network = network(text(host, "NetworkMode"), body.path("NetworkingConfig"));
		ContainerConfig.Lifecycle lifecycle = new ContainerConfig.Lifecycle(restartPolicy(host.path("RestartPolicy")),
				healthcheck(body.path("Healthcheck")),
				host.path("Init").isBoolean() ? host.path("Init").asBoolean() : null);
		Integer stopTimeout = body.path("StopTimeout").isNumber() ? body.path("StopTimeout").asInt() : null;
		Map<String, String> labels = labels(body.path("Labels"));
		if (autoRemove) {
			labels.put(AUTO_REMOVE_LABEL, "true");
		}
		return new ContainerConfig(blankToNull(name), image, entrypoint(body.path("Entrypoint")),
				nullIfEmpty(strings(body.path("Cmd"))), env(body.path("Env")), text(body, "User"),
				text(body, "WorkingDir"), text(body, "Hostname"), labels, resources, security, text(body, "StopSignal"),
				stopTimeout, network.name(), ports(host.path("PortBindings")), lifecycle, mounts(host),
				network.aliases());
	}

	record NetworkChoice(String name, List<String> aliases) {
	}

	/**
	 * Docker's {@code default} and {@code bridge} are Bulkhead's default network;
	 * {@code host} and {@code container:x} are passed on (admission and access judge
	 * them); any other name is a user-defined network.
	 */
	static NetworkChoice network(String mode, JsonNode networking) {
		String name = (mode == null || mode.equals("default") || mode.equals("bridge")) ? null : mode;
		List<String> aliases = new ArrayList<>();
		for (Map.Entry<String, JsonNode> endpoint : networking.path("EndpointsConfig").properties()) {
			if (name == null && !endpoint.getKey().equals("bridge") && !endpoint.getKey().equals("default")) {
				name = endpoint.getKey();
			}
			if (endpoint.getKey().equals(name)) {
				aliases.addAll(strings(endpoint.getValue().path("Aliases")));
			}
		}
		return new NetworkChoice(name, aliases);
	}

	private static String ipcMode(String mode) {
		// Docker 1.32+ sends "private" or "shareable" by default: both are Bulkhead's own
		return (mode == null || mode.equals("private") || mode.equals("shareable")) ? null : mode;
	}

	private static List<String> entrypoint(JsonNode node) {
		if (node.isString()) {
			return node.asString().isEmpty() ? null : List.of("/bin/sh", "-c", node.asString());
		}
		List<String> list = strings(node);
		// [""] is how docker run --entrypoint "" clears the image's entrypoint
		return (list.size() == 1 && list.get(0).isEmpty()) ? List.of() : nullIfEmpty(list);
	}

	static List<String> portTexts(JsonNode bindings) {
		List<String> texts = new ArrayList<>();
		for (Map.Entry<String, JsonNode> port : bindings.properties()) {
			String containerPort = port.getKey().contains("/") ? port.getKey() : port.getKey() + "/tcp";
			JsonNode hosts = port.getValue();
			if (hosts == null || !hosts.isArray() || hosts.isEmpty()) {
				texts.add(containerPort);
				continue;
			}
			for (JsonNode binding : hosts) {
				String ip = text(binding, "HostIp");
				String hostPort = text(binding, "HostPort");
				String hostSide = ((ip != null) ? ip + ":" : "") + ((hostPort != null) ? hostPort : "") + ":";
				texts.add(((ip != null || hostPort != null) ? hostSide : "") + containerPort);
			}
		}
		return texts;
	}

	private static List<dev.bulkhead.runtime.networks.PortMapping> ports(JsonNode bindings) {
		List<Object> specs = new ArrayList<>();
		for (String spec : portTexts(bindings)) {
			// "::8080/tcp" (empty address and port) is a random port on every address
			specs.add(spec.startsWith(":") ? spec.replaceFirst("^:+", "") : spec);
		}
		return PortSpecs.parse(specs);
	}

	static List<MountSpec> mounts(JsonNode host) {
		List<MountSpec> mounts = new ArrayList<>();
		for (String bind : strings(host.path("Binds"))) {
			String[] parts = bind.split(":");
			if (parts.length < 2 || parts.length > 3) {
				throw new InvalidArgumentException(
						"bind '" + bind + "' must be source:target[:options], such as /srv/data:/data:ro");
			}
			boolean readOnly = parts.length == 3 && List.of(parts[2].split(",")).contains("ro");
			String type = parts[0].startsWith("/") ? MountSpec.BIND : MountSpec.VOLUME;
			mounts.add(new MountSpec(type, parts[0], parts[1], readOnly ? Boolean.TRUE : null, null, null));
		}
		for (JsonNode mount : host.path("Mounts")) {
			String type = text(mount, "Type");
			if (type == null) {
				type = MountSpec.VOLUME;
			}
			JsonNode tmpfs = mount.path("TmpfsOptions");
			mounts.add(new MountSpec(type, text(mount, "Source"), text(mount, "Target"),
					mount.path("ReadOnly").asBoolean(false) ? Boolean.TRUE : null, positive(tmpfs, "SizeBytes"),
					tmpfs.path("Mode").isNumber() ? Integer.toOctalString(tmpfs.path("Mode").asInt()) : null));
		}
		for (Map.Entry<String, JsonNode> tmpfs : host.path("Tmpfs").properties()) {
			Long size = null;
			String mode = null;
			for (String option : tmpfs.getValue().asString("").split(",")) {
				if (option.startsWith("size=")) {
					size = bytes(option.substring(5));
				}
				else if (option.startsWith("mode=")) {
					mode = option.substring(5);
				}
			}
			mounts.add(new MountSpec(MountSpec.TMPFS, null, tmpfs.getKey(), null, size, mode));
		}
		return mounts;
	}

	/** Sizes as docker writes them: {@code 64m}, {@code 1g}, {@code 65536}. */
	static long bytes(String size) {
		String s = size.trim().toLowerCase(java.util.Locale.ROOT);
		long unit = 1;
		char last = s.isEmpty() ? '0' : s.charAt(s.length() - 1);
		switch (last) {
			case 'k' -> unit = 1L << 10;
			case 'm' -> unit = 1L << 20;
			case 'g' -> unit = 1L << 30;
			default -> {
			}
		}
		try {
			return Long.parseLong((unit == 1) ? s : s.substring(0, s.length() - 1)) * unit;
		}
		catch (NumberFormatException ex) {
			throw new InvalidArgumentException("'" + size + "' is not a size such as 64m");
		}
	}

	private static ContainerConfig.RestartPolicy restartPolicy(JsonNode policy) {
		String name = text(policy, "Name");
		if (name == null || name.equals("no")) {
			return null;
		}
		int retries = policy.path("MaximumRetryCount").asInt(0);
		return new ContainerConfig.RestartPolicy(name, (retries > 0) ? retries : null);
	}

	private static ContainerConfig.Healthcheck healthcheck(JsonNode check) {
		List<String> test = strings(check.path("Test"));
		if (test.isEmpty()) {
			return null;
		}
		return new ContainerConfig.Healthcheck(test, millis(check, "Interval"), millis(check, "Timeout"),
				millis(check, "StartPeriod"),
				check.path("Retries").asInt(0) > 0 ? check.path("Retries").asInt() : null);
	}

	private static Long millis(JsonNode node, String field) {
		Long nanos = positive(node, field);
		return (nanos != null) ? nanos / 1_000_000 : null;
	}

	private static List<String> devices(JsonNode devices) {
		List<String> list = new ArrayList<>();
		for (JsonNode device : devices) {
			String inside = text(device, "PathInContainer");
			String permissions = text(device, "CgroupPermissions");
			list.add(text(device, "PathOnHost") + ((inside != null) ? ":" + inside : "")
					+ ((permissions != null) ? ":" + permissions : ""));
		}
		return list;
	}

	private static Map<String, String> env(JsonNode env) {
		Map<String, String> map = new LinkedHashMap<>();
		for (String entry : strings(env)) {
			int eq = entry.indexOf('=');
			if (eq <= 0) {
				// docker -e NAME without a value and no such variable on the client
				continue;
			}
			map.put(entry.substring(0, eq), entry.substring(eq + 1));
		}
		return map;
	}

	private static Map<String, String> labels(JsonNode labels) {
		Map<String, String> map = new LinkedHashMap<>();
		for (Map.Entry<String, JsonNode> label : labels.properties()) {
			map.put(label.getKey(), label.getValue().asString(""));
		}
		return map;
	}

	static List<String> strings(JsonNode node) {
		List<String> list = new ArrayList<>();
		if (node.isString()) {
			list.add(node.asString());
		}
		else if (node.isArray()) {
			for (JsonNode item : node) {
				list.add(item.asString(""));
			}
		}
		return list;
	}

	static String text(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isString() && !value.asString().isEmpty()) ? value.asString() : null;
	}

	private static Long positive(JsonNode node, String field) {
		JsonNode value = node.path(field);
		return (value.isNumber() && value.asLong() > 0) ? value.asLong() : null;
	}

	private static List<String> nullIfEmpty(List<String> list) {
		return list.isEmpty() ? null : list;
	}

	private static String blankToNull(String text) {
		return (text == null || text.isBlank()) ? null : text;
	}

}

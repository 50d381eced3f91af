package dev.bulkhead.backend.dockerapi;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerConfig;
import dev.bulkhead.runtime.containers.ContainerState;
import dev.bulkhead.runtime.containers.EffectiveSecurity;
import dev.bulkhead.runtime.containers.LifecycleStatus;
import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.networks.NetworkAttachment;
import dev.bulkhead.runtime.networks.NetworkDriver;
import dev.bulkhead.runtime.networks.PortMapping;

/**
 * Bulkhead's container records in Docker's shapes: the summary of
 * {@code GET /containers/json} and the document of {@code GET /containers/{id}/json}.
 * Limits and security show what the container runs with (its effective settings once
 * started), so {@code docker inspect} shows the hardening: a read-only root,
 * {@code CapDrop: ["ALL"]}, {@code no-new-privileges} and the seccomp profile.
 */
final class DockerContainerJson {

	/** How Go writes a zero time; docker prints it for "never". */
	static final String ZERO_TIME = "0001-01-01T00:00:00Z";

	private DockerContainerJson() {
	}

	static Map<String, Object> summary(Container c, Instant now) {
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Id", c.id());
		body.put("Names", List.of("/" + c.name()));
		body.put("Image", c.image());
		body.put("ImageID", c.imageId());
		body.put("Command", String.join(" ", command(c.config())));
		body.put("Created", c.created().getEpochSecond());
		body.put("Ports", ports(c));
		body.put("Labels", c.config().labels());
		body.put("State", c.state().wireName());
		body.put("Status", status(c, now));
		body.put("HostConfig", Map.of("NetworkMode", networkMode(c.config())));
		body.put("NetworkSettings", Map.of("Networks", networks(c)));
		body.put("Mounts", mounts(c.config()));
		return body;
	}

	static Map<String, Object> inspect(Container c) {
		Map<String, Object> body = new LinkedHashMap<>();
		List<String> command = command(c.config());
		body.put("Id", c.id());
		body.put("Created", c.created().toString());
		body.put("Path", command.isEmpty() ? "" : command.get(0));
		body.put("Args", command.isEmpty() ? List.of() : command.subList(1, command.size()));
		body.put("State", state(c));
		body.put("Image", c.imageId());
		body.put("Name", "/" + c.name());
		body.put("RestartCount", c.lifecycle().restartCount());
		body.put("Driver", "overlayfs");
		body.put("Platform", "linux");
		body.put("HostConfig", hostConfig(c));
		body.put("Config", config(c));
		body.put("NetworkSettings", networkSettings(c));
		body.put("Mounts", mounts(c.config()));
		return body;
	}

	/**
	 * Docker's words for the STATUS column: "Up 3 minutes", "Exited (0) 2 seconds ago".
	 */
	static String status(Container c, Instant now) {
		return switch (c.state()) {
			case CREATED -> "Created";
			case RUNNING -> "Up " + human(c.started(), now) + health(c);
			case PAUSED -> "Up " + human(c.started(), now) + " (Paused)";
			case EXITED ->
				"Exited (" + ((c.exitCode() != null) ? c.exitCode() : 0) + ") " + human(c.finished(), now) + " ago";
			// Waiting out the restart policy's back-off after the run that ended.
			case RESTARTING ->
				"Restarting (" + ((c.exitCode() != null) ? c.exitCode() : 0) + ") " + human(c.finished(), now) + " ago";
		};
	}

	private static String health(Container c) {
		LifecycleStatus.Health health = c.lifecycle().health();
		return (health != null) ? " (" + health.status() + ")" : "";
	}

	static String human(Instant since, Instant now) {
		if (since == null) {
			return "Less than a second";
		}
		long seconds = Math.max(0, Duration.between(since, now).toSeconds());
		if (seconds < 1) {
			return "Less than a second";
		}
		if (seconds < 60) {
			return seconds + " second" + ((seconds == 1) ? "" : "s");
		}
		long minutes = seconds / 60;
		if (minutes < 60) {
			return (minutes == 1) ? "About a minute" : minutes + " minutes";
		}
		long hours = minutes / 60;
		return (hours < 48) ? ((hours == 1) ? "About an hour" : hours + " hours") : (hours / 24) + " days";
	}

	private static List<String> command(ContainerConfig config) {
		List<String> command = new ArrayList<>();
		if (config.entrypoint() != null) {
			command.addAll(config.entrypoint());
		}
		if (config.command() != null) {
			command.addAll(config.command());
		}
		return command;
	}

	private static Map<String, Object> state(Container c) {
		Map<String, Object> state = new LinkedHashMap<>();
		state.put("Status", c.state().wireName());
		state.put("Running", c.state() == ContainerState.RUNNING || c.state() == ContainerState.PAUSED);
		state.put("Paused", c.state() == ContainerState.PAUSED);
		state.put("Restarting", c.state() == ContainerState.RESTARTING);
		state.put("OOMKilled", c.oomKilled());
		state.put("Dead", false);
		state.put("Pid", (c.pid() != null && c.isRunning()) ? c.pid() : 0);
		state.put("ExitCode", (c.exitCode() != null) ? c.exitCode() : 0);
		state.put("Error", (c.error() != null) ? c.error() : "");
		state.put("StartedAt", time(c.started()));
		state.put("FinishedAt", time(c.finished()));
		LifecycleStatus.Health health = c.lifecycle().health();
		if (health != null) {
			List<Map<String, Object>> log = new ArrayList<>();
			for (LifecycleStatus.Probe probe : health.log()) {
				log.add(Map.of("Start", time(probe.start()), "End", time(probe.end()), "ExitCode", probe.exitCode(),
						"Output", (probe.output() != null) ? probe.output() : ""));
			}
			state.put("Health", Map.of("Status", health.status(), "FailingStreak", health.failingStreak(), "Log", log));
		}
		return state;
	}

	private static Map<String, Object> hostConfig(Container c) {
		ContainerConfig config = c.config();
		EffectiveSecurity effective = c.security();
		ContainerConfig.Resources asked = config.resources();
		ContainerConfig.Security security = config.security();
		Map<String, Object> host = new LinkedHashMap<>();
		host.put("NetworkMode", networkMode(config));
		host.put("PortBindings", portBindings(config.ports()));
		ContainerConfig.RestartPolicy restart = config.lifecycle().effectiveRestartPolicy();
		host.put("RestartPolicy", Map.of("Name", restart.name(), "MaximumRetryCount",
				(restart.maximumRetryCount() != null) ? restart.maximumRetryCount() : 0));
		host.put("AutoRemove", false);
		host.put("Binds", binds(config.mounts()));
		host.put("Memory", (effective != null) ? effective.memoryBytes() : orZero(asked.memoryBytes()));
		host.put("MemorySwap",
				(effective != null && effective.memorySwapBytes() != null) ? effective.memorySwapBytes() : 0);
		host.put("MemoryReservation", orZero(asked.memoryReservationBytes()));
		host.put("NanoCpus", (effective != null) ? Math.round(effective.cpus() * 1e9)
				: (asked.cpus() != null) ? Math.round(asked.cpus() * 1e9) : 0);
		host.put("CpuShares", orZero(asked.cpuShares()));
		host.put("PidsLimit", (effective != null) ? effective.pids() : orZero(asked.pids()));
		host.put("ReadonlyRootfs", (effective != null) ? effective.readOnlyRootfs()
				: !Boolean.FALSE.equals(security.readOnlyRootfs()) && !security.asksForPrivileged());
		host.put("Privileged", (effective != null) ? effective.privileged() : security.asksForPrivileged());
		// Bulkhead drops every capability and adds back only what was granted
		host.put("CapDrop", List.of("ALL"));
		host.put("CapAdd", (effective != null) ? effective.capabilities() : security.capAdd());
		List<String> securityOpt = new ArrayList<>();
		if (effective == null || effective.noNewPrivileges()) {
			securityOpt.add("no-new-privileges");
		}
		securityOpt.add("seccomp=" + ((effective != null) ? effective.seccomp()
				: (security.seccompProfile() != null) ? security.seccompProfile() : "default"));
		host.put("SecurityOpt", securityOpt);
		host.put("Init", config.lifecycle().initEnabled());
		host.put("PidMode", (security.pidMode() != null) ? security.pidMode() : "");
		host.put("IpcMode", (security.ipcMode() != null) ? security.ipcMode() : "private");
		Map<String, String> tmpfs = new LinkedHashMap<>();
		config.mounts()
			.stream()
			.filter((m) -> MountSpec.TMPFS.equals(m.type()))
			.forEach((m) -> tmpfs.put(m.target(), (m.tmpfsSizeBytes() != null) ? "size=" + m.tmpfsSizeBytes() : ""));
		host.put("Tmpfs", tmpfs);
		host.put("LogConfig", Map.of("Type", "k8s-file", "Config", Map.of()));
		host.put("Runtime", "runc");
		return host;
	}

	private static Map<String, Object> config(Container c) {
		ContainerConfig config = c.config();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Hostname", (config.hostname() != null) ? config.hostname() : c.shortId());
		body.put("User", (c.security() != null) ? c.security().uid() + ":" + c.security().gid()
				: (config.user() != null) ? config.user() : "");
		body.put("Tty", false);
		body.put("OpenStdin", false);
		body.put("AttachStdout", false);
		body.put("AttachStderr", false);
		body.put("Env", config.env().entrySet().stream().map((e) -> e.getKey() + "=" + e.getValue()).toList());
		body.put("Cmd", config.command());
		body.put("Entrypoint", config.entrypoint());
		body.put("Image", c.image());
		body.put("WorkingDir", (config.workingDir() != null) ? config.workingDir() : "");
		body.put("Labels", config.labels());
		Map<String, Object> exposed = new LinkedHashMap<>();
		config.ports().forEach((p) -> exposed.put(p.containerPort() + "/" + p.protocol(), Map.of()));
		body.put("ExposedPorts", exposed);
		if (config.stopSignal() != null) {
			body.put("StopSignal", config.stopSignal());
		}
		if (config.stopTimeoutSeconds() != null) {
			body.put("StopTimeout", config.stopTimeoutSeconds());
		}
		ContainerConfig.Healthcheck check = config.lifecycle().healthcheck();
		if (check != null) {
			body.put("Healthcheck",
					Map.of("Test", check.test(), "Interval", nanos(check.intervalMillis()), "Timeout",
							nanos(check.timeoutMillis()), "StartPeriod", nanos(check.startPeriodMillis()), "Retries",
							(check.retries() != null) ? check.retries() : 0));
		}
		return body;
	}

	private static Map<String, Object> networkSettings(Container c) {
		Map<String, Object> settings = new LinkedHashMap<>();
		NetworkAttachment main = c.network();
		settings.put("IPAddress", (main != null) ? main.ipAddress() : "");
		settings.put("IPPrefixLen", (main != null) ? main.prefixLength() : 0);
		settings.put("Gateway", (main != null && main.gateway() != null) ? main.gateway() : "");
		settings.put("MacAddress", (main != null && main.macAddress() != null) ? main.macAddress() : "");
		settings.put("Ports", portMap(c));
		settings.put("Networks", networks(c));
		return settings;
	}

	private static Map<String, Object> networks(Container c) {
		Map<String, Object> networks = new LinkedHashMap<>();
		List<NetworkAttachment> attachments = new ArrayList<>();
		if (c.network() != null) {
			attachments.add(c.network());
		}
		attachments.addAll(c.connections());
		for (NetworkAttachment a : attachments) {
			Map<String, Object> endpoint = new LinkedHashMap<>();
			endpoint.put("NetworkID", a.network());
			endpoint.put("IPAddress", a.ipAddress());
			endpoint.put("IPPrefixLen", a.prefixLength());
			endpoint.put("Gateway", (a.gateway() != null) ? a.gateway() : "");
			endpoint.put("MacAddress", (a.macAddress() != null) ? a.macAddress() : "");
			endpoint.put("Aliases", a.aliases());
			networks.put(a.network(), endpoint);
		}
		if (networks.isEmpty()) {
			networks.put(networkMode(c.config()), Map.of("IPAddress", "", "Gateway", "", "MacAddress", ""));
		}
		return networks;
	}

	private static List<Map<String, Object>> ports(Container c) {
		List<PortMapping> published = (c.network() != null) ? c.network().ports() : c.config().ports();
		List<Map<String, Object>> ports = new ArrayList<>();
		for (PortMapping p : published) {
			Map<String, Object> port = new LinkedHashMap<>();
			port.put("IP", p.hostIp());
			port.put("PrivatePort", p.containerPort());
			if (p.hostPort() > 0) {
				port.put("PublicPort", p.hostPort());
			}
			port.put("Type", p.protocol());
			ports.add(port);
		}
		return ports;
	}

	private static Map<String, Object> portMap(Container c) {
		List<PortMapping> published = (c.network() != null) ? c.network().ports() : List.of();
		Map<String, Object> map = new LinkedHashMap<>();
		for (PortMapping p : published) {
			@SuppressWarnings("unchecked")
			List<Map<String, String>> hosts = (List<Map<String, String>>) map
				.computeIfAbsent(p.containerPort() + "/" + p.protocol(), (key) -> new ArrayList<Map<String, String>>());
			hosts.add(Map.of("HostIp", p.hostIp(), "HostPort", Integer.toString(p.hostPort())));
		}
		return map;
	}

	private static Map<String, Object> portBindings(List<PortMapping> ports) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (PortMapping p : ports) {
			@SuppressWarnings("unchecked")
			List<Map<String, String>> hosts = (List<Map<String, String>>) map
				.computeIfAbsent(p.containerPort() + "/" + p.protocol(), (key) -> new ArrayList<Map<String, String>>());
			hosts.add(Map.of("HostIp", p.anyAddress() ? "" : p.hostIp(), "HostPort",
					(p.hostPort() > 0) ? Integer.toString(p.hostPort()) : ""));
		}
		return map;
	}

	private static List<String> binds(List<MountSpec> mounts) {
		return mounts.stream()
			.filter((m) -> MountSpec.BIND.equals(m.type()))
			.map((m) -> m.source() + ":" + m.target() + (m.isReadOnly() ? ":ro" : ""))
			.toList();
	}

	private static List<Map<String, Object>> mounts(ContainerConfig config) {
		List<Map<String, Object>> list = new ArrayList<>();
		for (MountSpec m : config.mounts()) {
			Map<String, Object> mount = new LinkedHashMap<>();
			mount.put("Type", m.type());
			if (m.source() != null) {
				mount.put(MountSpec.VOLUME.equals(m.type()) ? "Name" : "Source", m.source());
			}
			mount.put("Destination", m.target());
			mount.put("RW", !m.isReadOnly());
			list.add(mount);
		}
		return list;
	}

	static String networkMode(ContainerConfig config) {
		return (config.network() != null) ? config.network() : NetworkDriver.DEFAULT_NETWORK;
	}

	private static String time(Instant instant) {
		return (instant != null) ? instant.toString() : ZERO_TIME;
	}

	private static long orZero(Long value) {
		return (value != null) ? value : 0;
	}

	private static long nanos(Long millis) {
		return (millis != null) ? millis * 1_000_000 : 0;
	}

}

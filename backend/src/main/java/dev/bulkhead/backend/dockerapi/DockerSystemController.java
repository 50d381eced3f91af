package dev.bulkhead.backend.dockerapi;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.CacheControl;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.backend.containers.ContainerService;
import dev.bulkhead.backend.images.ImageService;
import dev.bulkhead.backend.system.SystemInfo;
import dev.bulkhead.backend.system.SystemInfoService;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerState;

/**
 * {@code /_ping}, {@code /version} and {@code /info} of the Docker API, with the host's
 * real figures. Container counts are those the caller can see, as everywhere else.
 */
@RestController
@Tag(name = "docker", description = "Docker-compatible API (see docs/docker-api.md)")
class DockerSystemController {

	private final SystemInfoService system;

	private final ContainerService containers;

	private final ImageService images;

	DockerSystemController(SystemInfoService system, ContainerService containers, ImageService images) {
		this.system = system;
		this.containers = containers;
		this.images = images;
	}

	@RequestMapping(path = { "/_ping", DockerApiVersion.PREFIX + "/_ping" },
			method = { RequestMethod.GET, RequestMethod.HEAD })
	@Operation(summary = "Docker: ping; the API-Version header names the version Bulkhead speaks")
	ResponseEntity<String> ping() {
		return ResponseEntity.ok()
			.cacheControl(CacheControl.noStore().mustRevalidate())
			.header("Pragma", "no-cache")
			.contentType(MediaType.TEXT_PLAIN)
			.body("OK");
	}

	@GetMapping(DockerApiVersion.PREFIX + "/version")
	@Operation(summary = "Docker: server version and the API versions it accepts")
	Map<String, Object> version() {
		SystemInfo info = this.system.info();
		Map<String, Object> engine = new LinkedHashMap<>();
		engine.put("Name", "Bulkhead");
		engine.put("Version", info.version());
		engine.put("Details", Map.of("ApiVersion", DockerApiVersion.CURRENT.toString(), "MinAPIVersion",
				DockerApiVersion.MINIMUM.toString(), "Os", "linux", "Arch", arch()));
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("Platform", Map.of("Name", "Bulkhead"));
		body.put("Components", List.of(engine,
				Map.of("Name", "runc", "Version", String.valueOf(info.runtime().runc()), "Details", Map.of())));
		body.put("Version", info.version());
		body.put("ApiVersion", DockerApiVersion.CURRENT.toString());
		body.put("MinAPIVersion", DockerApiVersion.MINIMUM.toString());
		body.put("GitCommit", "");
		body.put("GoVersion", "java" + System.getProperty("java.version"));
		body.put("Os", "linux");
		body.put("Arch", arch());
		body.put("KernelVersion", info.kernel());
		return body;
	}

	@GetMapping(DockerApiVersion.PREFIX + "/info")
	@Operation(summary = "Docker: host and engine figures (containers by state, images, kernel, cgroups, runtime)")
	Map<String, Object> info() throws IOException {
		SystemInfo info = this.system.info();
		List<Container> visible = this.containers.list();
		Map<String, Object> body = new LinkedHashMap<>();
		body.put("ID", "bulkhead");
		body.put("Containers", visible.size());
		body.put("ContainersRunning", count(visible, ContainerState.RUNNING));
		body.put("ContainersPaused", count(visible, ContainerState.PAUSED));
		body.put("ContainersStopped", count(visible, ContainerState.EXITED) + count(visible, ContainerState.CREATED));
		body.put("Images", this.images.list().size());
		body.put("Driver", "overlayfs");
		body.put("DriverStatus", List.of());
		body.put("DockerRootDir", info.dataRoot());
		body.put("Name", InetAddress.getLocalHost().getHostName());
		body.put("KernelVersion", info.kernel());
		body.put("OperatingSystem", operatingSystem());
		body.put("OSType", "linux");
		body.put("Architecture",
				System.getProperty("os.arch").equals("amd64") ? "x86_64" : System.getProperty("os.arch"));
		body.put("NCPU", Runtime.getRuntime().availableProcessors());
		body.put("MemTotal", memTotal());
		body.put("CgroupDriver", "cgroupfs");
		body.put("CgroupVersion", info.cgroupVersion().equals("v2") ? "2" : "1");
		body.put("DefaultRuntime", "runc");
		body.put("Runtimes", Map.of("runc", Map.of("path", String.valueOf(info.runtime().runc()))));
		body.put("SecurityOptions", List.of("name=seccomp,profile=builtin", "name=no-new-privileges"));
		body.put("ServerVersion", info.version());
		body.put("Swarm", Map.of("LocalNodeState", "inactive", "NodeID", "", "NodeAddr", ""));
		body.put("Plugins",
				Map.of("Volume", List.of("local"), "Network", List.of("bridge", "null"), "Log", List.of("k8s-file")));
		body.put("LoggingDriver", "k8s-file");
		body.put("Labels", List.of());
		body.put("Warnings", List.of("Bulkhead: every request needs a bearer token; containers are hardened by "
				+ "policy (read-only root, no capabilities, seccomp, no-new-privileges)"));
		return body;
	}

	private static long count(List<Container> containers, ContainerState state) {
		return containers.stream().filter((c) -> c.state() == state).count();
	}

	private static String arch() {
		String arch = System.getProperty("os.arch");
		return arch.equals("x86_64") ? "amd64" : arch;
	}

	private static String operatingSystem() throws IOException {
		Path release = Path.of("/etc/os-release");
		if (Files.isReadable(release)) {
			for (String line : Files.readAllLines(release)) {
				if (line.startsWith("PRETTY_NAME=")) {
					return line.substring("PRETTY_NAME=".length()).replace("\"", "");
				}
			}
		}
		return System.getProperty("os.name");
	}

	private static long memTotal() throws IOException {
		for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
			if (line.startsWith("MemTotal:")) {
				return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
			}
		}
		return 0;
	}

}

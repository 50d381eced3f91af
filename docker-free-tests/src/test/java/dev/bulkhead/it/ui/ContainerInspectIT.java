package dev.bulkhead.it.ui;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.BulkheadServer;
import dev.bulkhead.it.support.BrowserTest;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The container page's Inspect tab in a real headless Chromium: what it says about a
 * container with a memory limit, an added capability, a tmpfs and a named volume on a
 * user network matches what runc applied (the bundle's config.json, the cgroup files, the
 * process's /proc status, the interface inside the container), and the spec API hides the
 * container from another team. Screenshot: target/screenshots/container-inspect.png.
 */
class ContainerInspectIT extends BrowserTest {

	private static final long MIB = 1024L * 1024;

	private static final String PASSWORD = "otto's own long passphrase";

	ContainerInspectIT() {
		super(1280, 1800);
	}

	@Test
	void inspectTabShowsWhatRuncAppliedAndAnotherTeamCannotReadTheSpec() throws Exception {
		expect(this.api.post("/api/v1/networks", "{\"name\":\"inspect-net\",\"subnet\":\"10.232.10.0/24\"}"), 201);
		expect(this.api.post("/api/v1/volumes", "{\"name\":\"inspect-data\",\"team\":\"default\"}"), 201);
		String id = this.api.createWith("inspected",
				"\"network\":\"inspect-net\",\"networkAliases\":[\"api\"],\"ports\":[\"127.0.0.1::80\"],"
						+ "\"resources\":{\"memoryBytes\":" + (96 * MIB) + ",\"cpus\":0.5,\"pids\":48,"
						+ "\"memoryReservationBytes\":" + (32 * MIB) + "},"
						+ "\"security\":{\"capAdd\":[\"NET_BIND_SERVICE\"]},\"mounts\":["
						+ "{\"type\":\"volume\",\"source\":\"inspect-data\",\"target\":\"/data\"},"
						+ "{\"type\":\"tmpfs\",\"target\":\"/scratch\",\"tmpfsSizeBytes\":" + (8 * MIB) + "}],",
				"sleep", "600");
		Api.Response started = this.api.post("/api/v1/containers/" + id + "/start");
		expect(started, 200);
		JsonNode container = started.json();
		int pid = container.get("pid").asInt();

		// What runc was given and what the kernel holds now.
		Path bundleConfig = this.server.dataRoot().resolve("containers").resolve(id).resolve("bundle/config.json");
		JsonNode onDisk = Api.JSON.readTree(Files.readString(bundleConfig));
		Map<String, String> status = procStatus(pid);
		long memoryLimit = Long.parseLong(cgroup(id, "memory", "memory.limit_in_bytes", "memory.max"));
		String pidsMax = cgroup(id, "pids", "pids.max", "pids.max");
		String cpuQuota = cgroup(id, "cpu", "cpu.cfs_quota_us", "cpu.max").split(" ")[0];
		assertThat(memoryLimit).isEqualTo(96 * MIB);
		assertThat(Long.parseLong(status.get("CapEff"), 16)).as("CAP_NET_BIND_SERVICE is bit 10").isEqualTo(1L << 10);
		assertThat(Long.parseLong(status.get("CapBnd"), 16)).isEqualTo(1L << 10);
		assertThat(status.get("NoNewPrivs")).isEqualTo("1");
		assertThat(status.get("Seccomp")).as("a seccomp filter is on").isEqualTo("2");
		String mac = exec(id, "cat", "/sys/class/net/eth0/address").strip();
		String ipAddr = exec(id, "ip", "-4", "-o", "addr", "show", "eth0");
		String ip = container.get("networkSettings").get("ipAddress").asString();
		assertThat(ip).startsWith("10.232.10.");
		assertThat(ipAddr).contains(ip + "/24");
		int hostPort = container.get("networkSettings").get("ports").get(0).get("hostPort").asInt();
		assertThat(hostPort).isPositive();

		// The API answers the file itself.
		Api.Response spec = this.api.get("/api/v1/containers/" + id + "/spec");
		expect(spec, 200);
		assertThat(spec.json()).isEqualTo(onDisk);

		signIn("admin", BulkheadServer.ADMIN_PASSWORD);
		this.browser.get(this.server.baseUrl() + "/containers/" + id);
		until(ExpectedConditions.elementToBeClickable(By.id("tab-inspect"))).click();
		until(ExpectedConditions.visibilityOfElementLocated(By.id("inspect-security-values")));

		Map<String, String> security = definitions("inspect-security-values");
		assertThat(security).containsEntry("Policy level", "restricted")
			.containsEntry("User:group",
					onDisk.at("/process/user/uid").asLong() + ":" + onDisk.at("/process/user/gid").asLong())
			.containsEntry("Capabilities (effective)", "CAP_NET_BIND_SERVICE")
			.containsEntry("Capabilities (bounding)", "CAP_NET_BIND_SERVICE")
			.containsEntry("Root filesystem", "read-only")
			.containsEntry("Masked paths", onDisk.at("/linux/maskedPaths").size() + " paths")
			.containsEntry("Read-only paths", onDisk.at("/linux/readonlyPaths").size() + " paths");
		assertThat(security.get("No new privileges")).startsWith("yes");
		assertThat(security.get("Seccomp")).startsWith("profile default; default action SCMP_ACT_ERRNO")
			.endsWith(allowedSyscalls(onDisk.at("/linux/seccomp")) + " syscalls allowed");
		assertThat(security.get("Namespaces")).contains("network (joined " + netnsPath(onDisk) + ")")
			.doesNotContain("shared with the host: pid");

		Map<String, String> limits = definitions("inspect-limits-values");
		assertThat(limits).containsEntry("Memory limit", (memoryLimit / MIB) + " MiB")
			.containsEntry("Memory reservation", "32 MiB")
			.containsEntry("Processes (pids)", pidsMax);
		assertThat(limits.get("CPU quota / period")).startsWith(cpuQuota + " µs per 100000 µs").contains("0.5 CPUs");

		List<List<String>> mounts = rows("inspect-mounts-table");
		assertThat(mounts).anySatisfy((row) -> assertThat(row).containsExactly("/data", "volume", "volume inspect-data",
				"rw", String.join(",", options(onDisk, "/data"))));
		for (String destination : List.of("/scratch", "/sys", "/proc", "/etc/resolv.conf")) {
			JsonNode m = specMount(onDisk, destination);
			List<String> options = options(onDisk, destination);
			assertThat(mounts).as(destination)
				.contains(List.of(destination, m.get("type").asString(), m.get("source").asString(),
						options.contains("ro") ? "ro" : "rw", String.join(",", options)));
		}
		assertThat(options(onDisk, "/scratch")).as("the tmpfs is writable").doesNotContain("ro");
		assertThat(options(onDisk, "/sys")).contains("ro");
		assertThat(mounts).hasSize(onDisk.get("mounts").size());

		List<List<String>> networks = rows("inspect-networks-table");
		assertThat(networks).hasSize(1);
		assertThat(networks.get(0)).containsExactly("inspect-net", "eth0", ip + "/24", mac, "10.232.10.1", "api",
				"127.0.0.1:" + hostPort + " → 80/tcp");

		String shown = this.browser.findElement(By.id("inspect-config-json")).getText();
		assertThat(Api.JSON.readTree(shown)).isEqualTo(onDisk);
		WebElement download = this.browser.findElement(By.cssSelector("#panel-inspect a[download]"));
		assertThat(download.getAttribute("href")).endsWith("/api/v1/containers/" + id + "/spec");
		script("window.scrollTo(0, 0)");
		screenshot("container-inspect");
		this.browser.findElement(By.cssSelector("button[data-copy-target='inspect-config-json']")).click();
		until(ExpectedConditions.textToBePresentInElementLocated(By.id("inspect-copy-status"), "Copied"));

		// Another team's viewer: the container does not exist for them.
		Api otto = viewerOfAnotherTeam();
		Api.Response hidden = otto.get("/api/v1/containers/" + id + "/spec");
		assertThat(hidden.status()).as(hidden.body()).isEqualTo(404);
		assertThat(hidden.body()).doesNotContain("SCMP_ACT");

		expect(this.api.delete("/api/v1/containers/" + id + "?force=true"), 204);
		expect(this.api.delete("/api/v1/volumes/inspect-data"), 204);
	}

	@Test
	void aContainerThatNeverStartedHasNoSpecYet() {
		String id = this.api.createWith("never-started", "\"network\":\"none\",", "true");
		Api.Response spec = this.api.get("/api/v1/containers/" + id + "/spec");
		assertThat(spec.status()).as(spec.body()).isEqualTo(409);
		assertThat(spec.body()).contains("has no OCI config yet").contains("start it first");
		expect(this.api.delete("/api/v1/containers/" + id), 204);
	}

	private Api viewerOfAnotherTeam() {
		expect(this.api.post("/api/v1/teams", "{\"name\":\"others\"}"), 201);
		expect(this.api.post("/api/v1/users", "{\"username\":\"otto\",\"password\":\"" + PASSWORD + "\"}"), 201);
		expect(this.api.send(this.api.authorized("/api/v1/teams/others/members/otto")
			.header("Content-Type", "application/json")
			.PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"role\":\"viewer\"}"))), 200);
		return new Api(this.server.baseUrl()).login("otto", PASSWORD);
	}

	private static long allowedSyscalls(JsonNode seccomp) {
		java.util.Set<String> names = new java.util.HashSet<>();
		for (JsonNode rule : seccomp.get("syscalls")) {
			if (rule.get("action").asString().equals("SCMP_ACT_ALLOW")) {
				rule.get("names").forEach((n) -> names.add(n.asString()));
			}
		}
		return names.size();
	}

	private static String netnsPath(JsonNode spec) {
		for (JsonNode ns : spec.at("/linux/namespaces")) {
			if (ns.get("type").asString().equals("network")) {
				return ns.get("path").asString();
			}
		}
		throw new AssertionError("no network namespace in " + spec);
	}

	private static JsonNode specMount(JsonNode spec, String destination) {
		for (JsonNode mount : spec.get("mounts")) {
			if (mount.get("destination").asString().equals(destination)) {
				return mount;
			}
		}
		throw new AssertionError("no mount at " + destination + " in " + spec);
	}

	private static List<String> options(JsonNode spec, String destination) {
		List<String> options = new java.util.ArrayList<>();
		specMount(spec, destination).get("options").forEach((o) -> options.add(o.asString()));
		return options;
	}

	private String exec(String id, String... command) {
		Api.Response result = this.api.post("/api/v1/containers/" + id + "/exec",
				"{\"command\":" + Api.JSON.writeValueAsString(List.of(command)) + "}");
		expect(result, 200);
		assertThat(result.json().get("exitCode").asInt()).as(result.body()).isZero();
		return result.json().get("stdout").asString();
	}

	private static Map<String, String> procStatus(int pid) throws IOException {
		Map<String, String> fields = new HashMap<>();
		for (String line : Files.readAllLines(Path.of("/proc", String.valueOf(pid), "status"))) {
			int colon = line.indexOf(':');
			if (colon > 0) {
				fields.put(line.substring(0, colon), line.substring(colon + 1).strip());
			}
		}
		return fields;
	}

	/** A cgroup file of the container, from the v1 controller's tree or the v2 one. */
	private static String cgroup(String id, String controller, String v1File, String v2File) throws IOException {
		Path v1 = Path.of("/sys/fs/cgroup", controller, "bulkhead", id, v1File);
		if (Files.exists(v1)) {
			return Files.readString(v1).strip();
		}
		return Files.readString(Path.of("/sys/fs/cgroup/bulkhead", id, v2File)).strip();
	}

	private Map<String, String> definitions(String listId) {
		Map<String, String> values = new java.util.LinkedHashMap<>();
		List<WebElement> terms = this.browser.findElements(By.cssSelector("#" + listId + " dt"));
		List<WebElement> details = this.browser.findElements(By.cssSelector("#" + listId + " dd"));
		for (int i = 0; i < terms.size(); i++) {
			values.put(terms.get(i).getText().strip(), details.get(i).getText().strip());
		}
		return values;
	}

	private List<List<String>> rows(String tableId) {
		return this.browser.findElements(By.cssSelector("#" + tableId + " tbody tr"))
			.stream()
			.map((tr) -> tr.findElements(By.tagName("td")).stream().map((td) -> td.getText().strip()).toList())
			.toList();
	}

	private static void expect(Api.Response response, int status) {
		assertThat(response.status()).as(response.body()).isEqualTo(status);
	}

}

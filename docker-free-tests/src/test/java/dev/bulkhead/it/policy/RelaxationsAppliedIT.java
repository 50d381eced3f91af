package dev.bulkhead.it.policy;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import dev.bulkhead.it.support.Api;
import dev.bulkhead.it.support.PlatformTest;
import dev.bulkhead.it.support.TestImages;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Docker's options that bypass the hardening, once admitted by an exception, really
 * change what the container gets: observed from inside a real container.
 */
class RelaxationsAppliedIT extends PlatformTest {

	@BeforeAll
	void grantExceptionsToTheDefaultTeam() {
		for (String relaxation : new String[] { "privileged", "host-pid", "devices", "run-as-root" }) {
			Api.Response granted = this.api.post("/api/v1/policy/exceptions", "{\"relaxation\":\"" + relaxation
					+ "\",\"team\":\"default\",\"reason\":\"relaxations test\",\"expiresInSeconds\":600}");
			assertThat(granted.status()).as(granted.body()).isEqualTo(201);
		}
	}

	private JsonNode run(String name, String fields, String script) {
		Api.Response created = this.api.post("/api/v1/containers",
				"{\"name\":\"" + name + "\",\"image\":\"" + TestImages.BUSYBOX + "\",\"command\":[\"sh\",\"-c\","
						+ Api.JSON.writeValueAsString(script) + "]," + fields + "}");
		assertThat(created.status()).as(created.body()).isEqualTo(201);
		String id = created.json().get("id").asString();
		Api.CREATED.add(id);
		Api.Response started = this.api.post("/api/v1/containers/" + id + "/start");
		assertThat(started.status()).as(started.body()).isEqualTo(200);
		this.api.await(id);
		return this.api.get("/api/v1/containers/" + id).json();
	}

	private String logs(JsonNode container) {
		return this.api.get("/api/v1/containers/" + container.get("id").asString() + "/logs").body();
	}

	@Test
	void privilegedGivesEveryCapabilityNoSeccompAndAWritableRoot() {
		JsonNode container = run("privileged", "\"security\":{\"privileged\":true}",
				"grep -E '^(CapEff|NoNewPrivs|Seccomp):' /proc/self/status; touch /written && echo wrote-root");
		assertThat(logs(container))
			.isEqualTo("CapEff:\t" + hostBounding() + "\nNoNewPrivs:\t0\nSeccomp:\t0\nwrote-root\n");
		JsonNode security = container.get("security");
		assertThat(security.get("privileged").asBoolean()).isTrue();
		assertThat(security.get("seccomp").asString()).isEqualTo("unconfined");
		assertThat(security.get("noNewPrivileges").asBoolean()).isFalse();
		assertThat(security.get("readOnlyRootfs").asBoolean()).isFalse();
		assertThat(security.get("capabilities")).hasSize(Long.bitCount(Long.parseUnsignedLong(hostBounding(), 16)));
		assertThat(security.get("exceptions").get(0).get("relaxation").asString()).isEqualTo("privileged");
	}

	/**
	 * The capabilities the server can hand on: its own bounding set (the server runs as
	 * this user, with the same set as this test).
	 */
	private static String hostBounding() {
		try {
			return Files.readAllLines(Path.of("/proc/self/status"))
				.stream()
				.filter((line) -> line.startsWith("CapBnd:"))
				.findFirst()
				.orElseThrow()
				.substring("CapBnd:".length())
				.trim();
		}
		catch (java.io.IOException ex) {
			throw new java.io.UncheckedIOException(ex);
		}
	}

	@Test
	void hostPidModeSeesTheHostsProcesses() throws Exception {
		JsonNode container = run("host-pid", "\"security\":{\"pidMode\":\"host\"}", "cat /proc/1/comm");
		assertThat(logs(container)).isEqualTo(Files.readString(Path.of("/proc/1/comm")));
		assertThat(container.get("security").get("hostNamespaces").get(0).asString()).isEqualTo("pid");
	}

	@Test
	void aHostDeviceIsCreatedAndReadable() {
		JsonNode container = run("device", "\"security\":{\"devices\":[\"/dev/zero:/dev/bulkhead-zero:r\"]}",
				"ls -l /dev/bulkhead-zero | cut -c1; head -c 4 /dev/bulkhead-zero | wc -c");
		assertThat(logs(container)).isEqualTo("c\n4\n");
	}

	@Test
	void runAsRootRunsAsUidZeroStillWithoutCapabilities() {
		JsonNode container = run("root", "\"user\":\"0\"", "id -u; grep CapEff /proc/self/status");
		assertThat(logs(container)).isEqualTo("0\nCapEff:\t0000000000000000\n");
		assertThat(container.get("security").get("uid").asLong()).isZero();
	}

}

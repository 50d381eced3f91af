package dev.bulkhead.runtime.oci;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.images.ImageConfig;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code config.json} of a default container, composed the way the bundle writer
 * composes it, checked field by field against a reviewed golden file. A change to the
 * defaults or the hardening shows up here as a list of changed JSON paths.
 */
class SpecGoldenFileTest {

	private static final String GOLDEN = "/golden/config-default.json";

	/** Set to the golden file's source path to rewrite it after a reviewed change. */
	private static final String UPDATE_PROPERTY = "bulkhead.golden.update";

	static final String ID = "3f2a9c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a";

	static final ImageConfig.Config BUSYBOX = new ImageConfig.Config(null, null,
			List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), null, List.of("sh"), null,
			null, null, null);

	private final JsonMapper json = JsonMapper.builder().build();

	/**
	 * The options {@code BundleWriter.write} applies for a request with a command, one
	 * environment variable, uid 1000, the default limits (512 MiB, 1 CPU, 1024 pids, swap
	 * accounted), a read-only root and no extra capabilities.
	 */
	static List<SpecOpt> defaultContainerOptions() {
		String dir = "/var/lib/bulkhead/containers/" + ID;
		long memory = 512L * 1024 * 1024;
		return List.of(SpecOpts.defaults(), SpecOpts.imageConfig(BUSYBOX),
				SpecOpts.command(BUSYBOX, null, List.of("sh", "-c", "echo hello")),
				SpecOpts.env(Map.of("GREETING", "hello")), SpecOpts.user(1000, 1000, List.of()),
				SpecOpts.hardened(List.of()), SpecOpts.readonlyRootfs(64L * 1024 * 1024),
				SpecOpts.resources(memory, memory, 1.0, 1024), SpecOpts.nofile(1024),
				SpecOpts.hostname(ID.substring(0, 12)), SpecOpts.cgroupsPath("/bulkhead/" + ID),
				SpecOpts.readonlyBind(dir + "/hosts", "/etc/hosts"),
				SpecOpts.readonlyBind(dir + "/hostname", "/etc/hostname"),
				SpecOpts.readonlyBind(dir + "/resolv.conf", "/etc/resolv.conf"),
				SpecOpts.annotation("dev.bulkhead.container.name", "hello"));
	}

	@Test
	void defaultContainerSpecMatchesTheGoldenFile() throws IOException {
		Spec spec = new SpecBuilder().with(defaultContainerOptions()).build();
		byte[] written = this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(spec);

		String update = System.getProperty(UPDATE_PROPERTY);
		if (update != null) {
			Files.write(Path.of(update), written);
		}
		JsonNode expected;
		try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
			assertThat(in).as("golden file %s on the test classpath", GOLDEN).isNotNull();
			expected = this.json.readTree(in);
		}
		JsonNode actual = this.json.readTree(written);

		List<String> differences = JsonTreeDiff.differences(expected, actual);
		assertThat(differences)
			.as("config.json differs from %s at these paths (review, then rerun with -D%s=<path of the golden file>)",
					GOLDEN, UPDATE_PROPERTY)
			.isEmpty();
	}

	@Test
	void goldenSpecRoundTripsThroughTheSpecRecords() throws IOException {
		try (InputStream in = getClass().getResourceAsStream(GOLDEN)) {
			Spec spec = this.json.readValue(in, Spec.class);
			Spec built = new SpecBuilder().with(defaultContainerOptions()).build();

			assertThat(spec.process()).isEqualTo(built.process());
			assertThat(spec.mounts()).isEqualTo(built.mounts());
			assertThat(spec.linux().namespaces()).isEqualTo(built.linux().namespaces());
			assertThat(spec.linux().resources()).isEqualTo(built.linux().resources());
			assertThat(spec.linux().seccomp()).isEqualTo(built.linux().seccomp());
		}
	}

}

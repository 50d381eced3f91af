package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.ForbiddenException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageConfig;
import dev.bulkhead.runtime.oci.JsonTreeDiff;
import dev.bulkhead.runtime.oci.Spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The bundle writer itself, on a temporary container directory: its {@code config.json}
 * is the golden one (with the temporary paths of /etc/hosts and /etc/hostname put back),
 * and the user rules it applies at start are the ones users see.
 */
class BundleWriterTest {

	// the id the golden file was written for
	private static final String ID = "3f2a9c1e5b7d4a6f8e0c2b4d6f8a0c2e4b6d8f0a2c4e6b8d0f2a4c6e8b0d2f4a";

	private static final ImageConfig.Config BUSYBOX = new ImageConfig.Config(null, null,
			List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"), null, List.of("sh"), null,
			null, null, null);

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path temp;

	private BundleWriter writer() {
		RuntimeSettings settings = RuntimeSettings.withDefaults(this.temp.resolve("data"), this.temp.resolve("run"),
				Path.of("/usr/sbin/runc"), Path.of("/usr/bin/conmon"));
		return new BundleWriter(settings, this.json, 1024, true);
	}

	private static Image image(ImageConfig.Config config) {
		return new Image(Digest.sha256("c".repeat(64)), List.of("busybox:latest"), Digest.sha256("d".repeat(64)), 1,
				Instant.parse("2024-05-01T00:00:00Z"),
				new ImageConfig(null, null, "amd64", "linux", config, null, null), "sha256:" + "a".repeat(64));
	}

	private static Container container(String user, List<String> command) {
		ContainerConfig config = new ContainerConfig("hello", "busybox:latest", null, command,
				Map.of("GREETING", "hello"), user, null, null, null, null, null, null, null);
		return new Container(ID, "hello", "busybox:latest", "sha256:" + "c".repeat(64), config, ContainerState.CREATED,
				Instant.parse("2024-05-01T00:00:00Z"), null, null, null, false, false, null, null, null);
	}

	private Path containerDir() throws IOException {
		Path dir = this.temp.resolve("containers").resolve(ID);
		Files.createDirectories(BundleWriter.rootfs(dir).resolve("etc"));
		Files.writeString(BundleWriter.rootfs(dir).resolve("etc/passwd"),
				"root:x:0:0::/root:/bin/sh\nadmin:x:0:0::/root:/bin/sh\napp:x:1000:1000::/home/app:/bin/sh\n");
		return dir;
	}

	private Spec writtenSpec(Path dir) {
		return this.json.readValue(BundleWriter.bundle(dir).resolve("config.json").toFile(), Spec.class);
	}

	@Test
	void writesTheGoldenConfigJson() throws IOException {
		Path dir = containerDir();

		EffectiveSecurity security = writer().write(container("1000:1000", List.of("sh", "-c", "echo hello")),
				image(BUSYBOX), dir);

		JsonNode actual = this.json.readTree(BundleWriter.bundle(dir).resolve("config.json").toFile());
		for (JsonNode mount : actual.get("mounts")) {
			String source = mount.get("source").asString();
			if (source.startsWith(dir.toString())) {
				((ObjectNode) mount).put("source",
						"/var/lib/bulkhead/containers/" + ID + source.substring(dir.toString().length()));
			}
		}
		JsonNode expected;
		try (InputStream in = getClass().getResourceAsStream("/golden/config-default.json")) {
			expected = this.json.readTree(in);
		}
		assertThat(JsonTreeDiff.differences(expected, actual)).as("config.json differs from the golden file").isEmpty();
		assertThat(security).isEqualTo(new EffectiveSecurity("restricted", 1000, 1000, List.of(), true, "default", true,
				512L << 20, 512L << 20, 1.0, 1024));
	}

	@Test
	void writesHostsAndHostnameForTheShortId() throws IOException {
		Path dir = containerDir();

		writer().write(container("1000", null), image(BUSYBOX), dir);

		assertThat(Files.readString(dir.resolve("hostname"))).isEqualTo(ID.substring(0, 12) + "\n");
		assertThat(Files.readString(dir.resolve("hosts"))).contains("127.0.0.1\tlocalhost\n")
			.contains("127.0.1.1\t" + ID.substring(0, 12) + "\n");
	}

	@Test
	void imageThatAsksForRootRunsAsNobody() throws IOException {
		Path dir = containerDir();
		ImageConfig.Config rootImage = new ImageConfig.Config("root", null, null, null, List.of("sh"), null, null, null,
				null);

		EffectiveSecurity security = writer().write(container(null, null), image(rootImage), dir);

		assertThat(security.uid()).isEqualTo(UserResolver.NOBODY);
		assertThat(writtenSpec(dir).process().user()).isEqualTo(new Spec.User(65534, 65534, null));
	}

	@Test
	void imageUserByNameIsResolvedFromTheImage() throws IOException {
		Path dir = containerDir();
		ImageConfig.Config appImage = new ImageConfig.Config("app", null, null, null, List.of("sh"), null, null, null,
				null);

		writer().write(container(null, null), image(appImage), dir);

		assertThat(writtenSpec(dir).process().user()).isEqualTo(new Spec.User(1000, 1000, null));
	}

	@Test
	void requestedUserNameThatIsUidZeroInTheImageIsRefused() throws IOException {
		Path dir = containerDir();

		assertThatThrownBy(() -> writer().write(container("admin", null), image(BUSYBOX), dir))
			.isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("user: 'admin' is uid 0 in the image");
	}

	private static Container admittedUnder(Container container, ContainerConfig.Security security,
			String... relaxations) {
		List<AppliedException> exceptions = java.util.Arrays.stream(relaxations)
			.map((r) -> new AppliedException(1, r, "team:alpha", "test", "admin",
					Instant.parse("2030-01-01T00:00:00Z")))
			.toList();
		ContainerConfig config = container.config().withSecurity(security.withExceptions(exceptions));
		return new Container(container.id(), container.name(), container.image(), container.imageId(), config,
				container.state(), container.created(), null, null, null, false, false, null, null, null);
	}

	@Test
	void aUserNameThatIsUidZeroRunsAsRootUnderTheRunAsRootException() throws IOException {
		Path dir = containerDir();
		Container admitted = admittedUnder(container("admin", null),
				new ContainerConfig.Security(null, null, null, null), "run-as-root");

		EffectiveSecurity security = writer().write(admitted, image(BUSYBOX), dir);

		assertThat(security.uid()).isZero();
		assertThat(security.exceptions()).extracting(AppliedException::relaxation).containsExactly("run-as-root");
		assertThat(writtenSpec(dir).process().user()).isEqualTo(new Spec.User(0, 0, null));
		assertThat(writtenSpec(dir).process().capabilities().effective()).isEmpty();
	}

	@Test
	void privilegedIsWrittenIntoTheSpecOnlyWhenAdmitted() throws IOException {
		Path dir = containerDir();
		ContainerConfig.Security privileged = new ContainerConfig.Security(null, null, null, null, true, null, null,
				"host", null, null, null);
		Container admitted = admittedUnder(container("1000", null), privileged, "privileged", "host-pid");

		EffectiveSecurity security = writer().write(admitted, image(BUSYBOX), dir);
		Spec spec = writtenSpec(dir);

		assertThat(security.privileged()).isTrue();
		assertThat(security.hostNamespaces()).containsExactly("pid");
		assertThat(spec.linux().seccomp()).isNull();
		assertThat(spec.process().noNewPrivileges()).isFalse();
		assertThat(spec.root().readonly()).isFalse();
		assertThat(spec.linux().maskedPaths()).isEmpty();
		assertThat(spec.linux().namespaces()).extracting(Spec.Namespace::type).doesNotContain("pid");
		assertThat(spec.process().capabilities().bounding()).isEqualTo(security.capabilities()).isNotEmpty();
		assertThatThrownBy(
				() -> writer().admit(container("1000", null).config().withSecurity(privileged), image(BUSYBOX)))
			.isInstanceOf(ForbiddenException.class)
			.hasMessageContaining("security.privileged: privileged mode gives the container every capability");
	}

	@Test
	void admitRefusesAnImageWithoutCommandWhenTheRequestGivesNone() {
		ImageConfig.Config empty = new ImageConfig.Config(null, null, null, null, null, null, null, null, null);

		assertThatThrownBy(() -> writer().admit(container(null, null).config(), image(empty)))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("has no entrypoint or command");
	}

	@Test
	void admitReportsNumericIdsAndDefaultLimits() {
		EffectiveSecurity security = writer().admit(container("1234", null).config(), image(BUSYBOX));

		assertThat(security.uid()).isEqualTo(1234);
		assertThat(security.gid()).isEqualTo(1234);
		assertThat(security.memorySwapBytes()).isEqualTo(security.memoryBytes());
		assertThat(security.readOnlyRootfs()).isTrue();
	}

	private static Container onNetwork(String network) {
		ContainerConfig config = new ContainerConfig("hello", "busybox:latest", null, List.of("true"), null, null, null,
				null, null, null, null, null, null, network, null);
		return new Container(ID, "hello", "busybox:latest", "sha256:" + "c".repeat(64), config, ContainerState.CREATED,
				Instant.parse("2024-05-01T00:00:00Z"), null, null, null, false, false, null, null, null);
	}

	@Test
	void hostNetworkLeavesTheNetworkNamespaceOutAndUsesTheGivenResolvConf() throws IOException {
		Path dir = containerDir();
		writer().write(onNetwork("host"), image(BUSYBOX), dir, null, List.of(), "nameserver 127.0.0.53\n");
		Spec spec = writtenSpec(dir);
		assertThat(spec.linux().namespaces()).extracting(Spec.Namespace::type)
			.doesNotContain("network")
			.contains("pid", "mount");
		assertThat(dir.resolve("resolv.conf")).content().isEqualTo("nameserver 127.0.0.53\n");
	}

	@Test
	void containerNetworkJoinsTheGivenNamespaceWithTheOtherContainersFiles() throws IOException {
		Path dir = containerDir();
		String other = "b".repeat(64);
		writer().write(onNetwork("container:" + other), image(BUSYBOX), dir, Path.of("/proc/4242/ns/net"), List.of(),
				null);
		Spec spec = writtenSpec(dir);
		assertThat(spec.linux().namespaces()).contains(new Spec.Namespace("network", "/proc/4242/ns/net"));
		Path otherDir = dir.resolveSibling(other);
		assertThat(spec.mounts()).filteredOn((m) -> m.destination().equals("/etc/resolv.conf"))
			.singleElement()
			.extracting(Spec.Mount::source)
			.isEqualTo(otherDir.resolve("resolv.conf").toString());
		assertThat(spec.mounts()).filteredOn((m) -> m.destination().equals("/etc/hosts"))
			.singleElement()
			.extracting(Spec.Mount::source)
			.isEqualTo(otherDir.resolve("hosts").toString());
	}

}

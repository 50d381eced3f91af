package dev.bulkhead.runtime.volumes;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ImageContentCopyTest {

	@TempDir
	Path temp;

	@Test
	void copiesTheTreeWithModesTimesAndLinksAndGivesTheTargetTheSourcesMode() throws IOException {
		Path rootfs = this.temp.resolve("rootfs");
		Path source = Files.createDirectories(rootfs.resolve("var/lib/app"));
		Files.createDirectories(source.resolve("conf"));
		Files.writeString(source.resolve("conf/app.conf"), "port=8080\n");
		Files.setAttribute(source.resolve("conf/app.conf"), "unix:mode", 0640);
		Files.setLastModifiedTime(source.resolve("conf/app.conf"), FileTime.fromMillis(86_400_000L));
		Files.createSymbolicLink(source.resolve("passwd"), Path.of("/etc/passwd"));
		Files.setAttribute(source, "unix:mode", 01770);
		Path volume = Files.createDirectories(this.temp.resolve("volume/_data"));

		Path found = ImageContentCopy.imageDirectory(rootfs, "/var/lib/app").orElseThrow();
		ImageContentCopy.copy(found, volume);

		assertThat(volume.resolve("conf/app.conf")).hasContent("port=8080");
		assertThat(mode(volume.resolve("conf/app.conf"))).isEqualTo(0640);
		assertThat(Files.getLastModifiedTime(volume.resolve("conf/app.conf")).toMillis()).isEqualTo(86_400_000L);
		assertThat(Files.isSymbolicLink(volume.resolve("passwd"))).isTrue();
		assertThat(Files.readSymbolicLink(volume.resolve("passwd"))).isEqualTo(Path.of("/etc/passwd"));
		assertThat(mode(volume)).isEqualTo(01770);
	}

	@Test
	void aPathThroughASymbolicLinkIsNotFollowedOutOfTheImage() throws IOException {
		Path rootfs = Files.createDirectories(this.temp.resolve("rootfs"));
		Files.createDirectories(this.temp.resolve("host-secrets"));
		Files.createSymbolicLink(rootfs.resolve("data"), this.temp.resolve("host-secrets"));

		assertThat(ImageContentCopy.imageDirectory(rootfs, "/data")).isEmpty();
		assertThat(ImageContentCopy.imageDirectory(rootfs, "/data/sub")).isEmpty();
		assertThat(ImageContentCopy.imageDirectory(rootfs, "/missing")).isEmpty();
	}

	private static int mode(Path path) throws IOException {
		return (Integer) Files.getAttribute(path, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 07777;
	}

}

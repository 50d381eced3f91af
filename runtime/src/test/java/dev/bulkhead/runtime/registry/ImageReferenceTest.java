package dev.bulkhead.runtime.registry;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ImageReferenceTest {

	private static final String DIGEST = "sha256:" + "ab".repeat(32);

	@Test
	void bareNameIsDockerHubLibraryLatest() {
		ImageReference ref = ImageReference.parse("busybox");
		assertThat(ref.fullName()).isEqualTo("docker.io/library/busybox:latest");
		assertThat(ref.apiHost()).isEqualTo("registry-1.docker.io");
		assertThat(ref.familiar()).isEqualTo("busybox:latest");
	}

	@Test
	void firstComponentWithPortIsTheRegistry() {
		ImageReference ref = ImageReference.parse("host:5000/repo/x:tag");
		assertThat(ref.registry()).isEqualTo("host:5000");
		assertThat(ref.repository()).isEqualTo("repo/x");
		assertThat(ref.tag()).isEqualTo("tag");
		assertThat(ref.familiar()).isEqualTo("host:5000/repo/x:tag");
	}

	@Test
	void ipAddressWithPortAndNoTagGetsLatest() {
		ImageReference ref = ImageReference.parse("127.0.0.1:5000/x");
		assertThat(ref.registry()).isEqualTo("127.0.0.1:5000");
		assertThat(ref.repository()).isEqualTo("x");
		assertThat(ref.manifestReference()).isEqualTo("latest");
	}

	@Test
	void userRepositoryOnDockerHubKeepsItsNamespace() {
		ImageReference ref = ImageReference.parse("user/app:1");
		assertThat(ref.registry()).isEqualTo("docker.io");
		assertThat(ref.repository()).isEqualTo("user/app");
	}

	@Test
	void localhostIsARegistry() {
		assertThat(ImageReference.parse("localhost/app").registry()).isEqualTo("localhost");
	}

	@Test
	void digestReferenceIsFetchedByDigestAndHasNoTag() {
		ImageReference ref = ImageReference.parse("x@" + DIGEST);
		assertThat(ref.tag()).isNull();
		assertThat(ref.manifestReference()).isEqualTo(DIGEST);
		assertThat(ref.familiar()).isEqualTo("x@" + DIGEST);
		assertThat(ref.repository()).isEqualTo("library/x");
	}

	@Test
	void malformedReferenceIsRefusedWithTheReason() {
		assertThatThrownBy(() -> ImageReference.parse("Bad Name!")).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("not a valid image reference");
	}

}

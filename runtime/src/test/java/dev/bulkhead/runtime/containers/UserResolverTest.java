package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UserResolverTest {

	private static final String PASSWD = """
			root:x:0:0:root:/root:/bin/sh
			daemon:x:1:1:daemon:/usr/sbin:/bin/false
			app:x:1000:1001:app user:/home/app:/bin/sh
			broken:x:abc:1:bad uid:/:/bin/sh
			short:x:7
			nobody:x:65534:65534:nobody:/nonexistent:/bin/false
			""";

	private static final String GROUP = """
			root:x:0:
			staff:x:50:app
			app:x:1001:
			""";

	@TempDir
	Path temp;

	private Path rootfs;

	private final UserResolver resolver = new UserResolver();

	@BeforeEach
	void image() throws IOException {
		this.rootfs = this.temp.resolve("rootfs");
		Files.createDirectories(this.rootfs.resolve("etc"));
		Files.writeString(this.rootfs.resolve("etc/passwd"), PASSWD);
		Files.writeString(this.rootfs.resolve("etc/group"), GROUP);
	}

	@Test
	void numericUidTakesItsPrimaryGroupFromPasswd() {
		assertThat(this.resolver.resolve("1000", this.rootfs)).isEqualTo(new UserResolver.Ids(1000, 1001));
	}

	@Test
	void numericUidNotInPasswdUsesTheUidAsGid() {
		assertThat(this.resolver.resolve("4242", this.rootfs)).isEqualTo(new UserResolver.Ids(4242, 4242));
	}

	@Test
	void uidAndGidAreTakenAsGiven() {
		assertThat(this.resolver.resolve("1000:50", this.rootfs)).isEqualTo(new UserResolver.Ids(1000, 50));
		assertThat(this.resolver.resolve("5:6", this.temp.resolve("no-rootfs"))).isEqualTo(new UserResolver.Ids(5, 6));
	}

	@Test
	void userNameIsLookedUpInTheImagesPasswd() {
		assertThat(this.resolver.resolve("app", this.rootfs)).isEqualTo(new UserResolver.Ids(1000, 1001));
		assertThat(this.resolver.resolve("root", this.rootfs).isRoot()).isTrue();
	}

	@Test
	void nameAndGroupNameAreBothLookedUp() {
		assertThat(this.resolver.resolve("app:staff", this.rootfs)).isEqualTo(new UserResolver.Ids(1000, 50));
		assertThat(this.resolver.resolve("1000:staff", this.rootfs)).isEqualTo(new UserResolver.Ids(1000, 50));
	}

	@Test
	void unknownUserNameIsAClearError() {
		assertThatThrownBy(() -> this.resolver.resolve("alice", this.rootfs))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessage("user 'alice' is not in the image's /etc/passwd; give a numeric uid[:gid] instead");
	}

	@Test
	void unknownGroupNameIsAClearError() {
		assertThatThrownBy(() -> this.resolver.resolve("app:wheel", this.rootfs))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("group 'wheel' is not in the image's /etc/group");
	}

	@Test
	void entriesWithNonNumericOrMissingIdsAreIgnored() {
		assertThatThrownBy(() -> this.resolver.resolve("broken", this.rootfs))
			.isInstanceOf(InvalidArgumentException.class);
		assertThatThrownBy(() -> this.resolver.resolve("short", this.rootfs))
			.isInstanceOf(InvalidArgumentException.class);
	}

	@Test
	void passwdThatIsASymlinkIsTreatedAsAbsentSoNoHostFileIsRead() throws IOException {
		Path hostPasswd = this.temp.resolve("host-passwd");
		Files.writeString(hostPasswd, "alice:x:1234:999:host user:/home/alice:/bin/sh\n");
		Files.delete(this.rootfs.resolve("etc/passwd"));
		Files.createSymbolicLink(this.rootfs.resolve("etc/passwd"), hostPasswd);

		assertThatThrownBy(() -> this.resolver.resolve("alice", this.rootfs))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("'alice' is not in the image's /etc/passwd");
		assertThat(this.resolver.resolve("1234", this.rootfs)).isEqualTo(new UserResolver.Ids(1234, 1234));
	}

	@Test
	void etcThatIsASymlinkIsTreatedAsAbsent() throws IOException {
		Path hostEtc = this.temp.resolve("host-etc");
		Files.createDirectories(hostEtc);
		Files.writeString(hostEtc.resolve("passwd"), "alice:x:1234:999::/:/bin/sh\n");
		Files.writeString(hostEtc.resolve("group"), "hostgroup:x:777:\n");
		Path rootfs = this.temp.resolve("linked-rootfs");
		Files.createDirectories(rootfs);
		Files.createSymbolicLink(rootfs.resolve("etc"), hostEtc);

		assertThatThrownBy(() -> this.resolver.resolve("alice", rootfs)).isInstanceOf(InvalidArgumentException.class);
		assertThatThrownBy(() -> this.resolver.resolve("1:hostgroup", rootfs))
			.isInstanceOf(InvalidArgumentException.class);
	}

	@Test
	void namesRootRecognisesRootByNameOrUid() {
		assertThat(UserResolver.namesRoot("root")).isTrue();
		assertThat(UserResolver.namesRoot("0")).isTrue();
		assertThat(UserResolver.namesRoot("0:1000")).isTrue();
		assertThat(UserResolver.namesRoot("root:staff")).isTrue();
		assertThat(UserResolver.namesRoot("1000:0")).isFalse();
		assertThat(UserResolver.namesRoot("rooter")).isFalse();
		assertThat(UserResolver.namesRoot("")).isFalse();
		assertThat(UserResolver.namesRoot(null)).isFalse();
	}

}

package dev.bulkhead.runtime.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegistryLoginStoreTest {

	@TempDir
	Path dataRoot;

	private RegistryLoginStore store() {
		return new RegistryLoginStore(this.dataRoot, JsonMapper.builder().build());
	}

	@Test
	void aStoredLoginIsFoundAfterARestartInAFileOnlyRootCanRead() throws Exception {
		store().put("127.0.0.1:5000", new RegistryCredentials.Login("robot", "s3cret-pass"));
		RegistryLoginStore reopened = store();
		assertThat(reopened.lookup("127.0.0.1:5000")).contains(new RegistryCredentials.Login("robot", "s3cret-pass"));
		assertThat(reopened.lookup("other.example.com")).isEmpty();
		assertThat(reopened.usernames()).containsExactly(java.util.Map.entry("127.0.0.1:5000", "robot"));
		Path file = this.dataRoot.resolve("registries/logins.json");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void aRemovedLoginIsGoneAndRemovingTwiceSaysSo() {
		RegistryLoginStore store = store();
		store.put("registry.example.com", new RegistryCredentials.Login("robot", "pw"));
		assertThat(store.remove("registry.example.com")).isTrue();
		assertThat(store.remove("registry.example.com")).isFalse();
		assertThat(store().lookup("registry.example.com")).isEmpty();
	}

	@Test
	void somethingThatIsNotARegistryHostOrAnEmptyLoginIsRefused() {
		RegistryLoginStore store = store();
		assertThatThrownBy(
				() -> store.put("https://registry.example.com/v2", new RegistryCredentials.Login("robot", "pw")))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("not a registry host");
		assertThatThrownBy(() -> store.put("registry.example.com", new RegistryCredentials.Login("robot", "")))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("non-empty");
		assertThat(Files.exists(this.dataRoot.resolve("registries/logins.json"))).isFalse();
	}

}

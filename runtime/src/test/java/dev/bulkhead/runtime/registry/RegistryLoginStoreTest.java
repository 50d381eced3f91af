package dev.bulkhead.runtime.registry;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.FailedPreconditionException;
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
	void whoSetALoginAndWhenAreKeptAcrossARestartAndUnknownForOldEntries() {
		java.time.Instant at = java.time.Instant.parse("2026-12-05T01:02:03Z");
		RegistryLoginStore store = store();
		store.put("a.example.com", new RegistryCredentials.Login("robot", "pw-a"), "admin", at);
		store.put("b.example.com", new RegistryCredentials.Login("bot", "pw-b"));
		assertThat(store().entries()).containsExactly(
				new RegistryLoginStore.Entry("a.example.com", "robot", "admin", at),
				new RegistryLoginStore.Entry("b.example.com", "bot", null, null));
		assertThat(store().entries().toString()).doesNotContain("pw-a").doesNotContain("pw-b");
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

	@Test
	void theFileHoldsNoPlainPasswordAndTheKeyIsAPrivateFileOfItsOwn() throws Exception {
		store().put("127.0.0.1:5000", new RegistryCredentials.Login("robot", "s3cret-pass"));
		String stored = Files.readString(this.dataRoot.resolve("registries/logins.json"));
		assertThat(stored).contains("robot").contains("\"secret\":\"v1:").doesNotContain("s3cret-pass");
		assertThat(stored).doesNotContain(java.util.Base64.getEncoder().encodeToString("s3cret-pass".getBytes()));
		Path key = this.dataRoot.resolve("keys/registry.key");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key))).isEqualTo("rw-------");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key.getParent())))
			.isEqualTo("rwx------");
	}

	@Test
	void thePasswordIsEncryptedAfreshEachTime() throws Exception {
		Path file = this.dataRoot.resolve("registries/logins.json");
		store().put("a.example.com", new RegistryCredentials.Login("robot", "same"));
		String first = Files.readString(file);
		store().put("a.example.com", new RegistryCredentials.Login("robot", "same"));
		assertThat(Files.readString(file)).isNotEqualTo(first);
		assertThat(store().lookup("a.example.com")).contains(new RegistryCredentials.Login("robot", "same"));
	}

	@Test
	void aPlainTextFileFromBeforeEncryptionIsReEncryptedOnLoad() throws Exception {
		Path file = this.dataRoot.resolve("registries/logins.json");
		Files.createDirectories(file.getParent());
		Files.writeString(file, "{\"old.example.com\":{\"username\":\"robot\",\"password\":\"legacy-pw\"}}");
		RegistryLoginStore store = store();
		assertThat(Files.readString(file)).doesNotContain("legacy-pw").contains("\"secret\":\"v1:");
		assertThat(store.lookup("old.example.com")).contains(new RegistryCredentials.Login("robot", "legacy-pw"));
		assertThat(store().lookup("old.example.com")).contains(new RegistryCredentials.Login("robot", "legacy-pw"));
	}

	@Test
	void aTamperedPasswordIsRefusedNamingTheLogin() throws Exception {
		store().put("registry.example.com", new RegistryCredentials.Login("robot", "pw-123456"));
		Path file = this.dataRoot.resolve("registries/logins.json");
		String stored = Files.readString(file);
		int at = stored.indexOf("v1:") + 40;
		char flipped = (stored.charAt(at) == 'A') ? 'B' : 'A';
		Files.writeString(file, stored.substring(0, at) + flipped + stored.substring(at + 1));
		assertThatThrownBy(() -> store().lookup("registry.example.com")).isInstanceOf(FailedPreconditionException.class)
			.hasMessageContaining("login for registry.example.com")
			.hasMessageContaining("altered or written under another key")
			.hasMessageNotContaining("pw-123456");
	}

	@Test
	void aPasswordMovedToAnotherRegistryDoesNotDecrypt() throws Exception {
		store().put("a.example.com", new RegistryCredentials.Login("robot", "pw-a"));
		Path file = this.dataRoot.resolve("registries/logins.json");
		Files.writeString(file, Files.readString(file).replace("a.example.com", "b.example.com"));
		assertThatThrownBy(() -> store().lookup("b.example.com")).isInstanceOf(FailedPreconditionException.class);
	}

	@Test
	void anotherKeyCannotReadThePasswords() {
		store().put("registry.example.com", new RegistryCredentials.Login("robot", "pw"));
		RegistryLoginStore otherKey = new RegistryLoginStore(this.dataRoot,
				this.dataRoot.resolve("elsewhere/other.key"), JsonMapper.builder().build());
		assertThat(Files.exists(this.dataRoot.resolve("elsewhere/other.key"))).isTrue();
		assertThatThrownBy(() -> otherKey.lookup("registry.example.com"))
			.isInstanceOf(FailedPreconditionException.class)
			.hasMessageContaining("elsewhere/other.key");
	}

	@Test
	void aKeyFileOthersCanReadIsRefused() throws Exception {
		store().put("registry.example.com", new RegistryCredentials.Login("robot", "pw"));
		Files.setPosixFilePermissions(this.dataRoot.resolve("keys/registry.key"),
				PosixFilePermissions.fromString("rw-r--r--"));
		assertThatThrownBy(this::store).isInstanceOf(IllegalStateException.class).hasMessageContaining("chmod 600");
	}

}

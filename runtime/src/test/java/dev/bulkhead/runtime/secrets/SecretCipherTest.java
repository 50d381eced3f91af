package dev.bulkhead.runtime.secrets;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SecretCipherTest {

	@TempDir
	Path dir;

	@Test
	void aSecretRoundTripsUnderTheSameKeyFileAndContext() {
		Path key = this.dir.resolve("keys/k");
		String sealed = SecretCipher.forKeyFile(key).encrypt("hunter2", "host-a");
		assertThat(sealed).startsWith("v1:").doesNotContain("hunter2");
		assertThat(SecretCipher.isEncrypted(sealed)).isTrue();
		assertThat(SecretCipher.forKeyFile(key).decrypt(sealed, "host-a", "the test secret")).isEqualTo("hunter2");
	}

	@Test
	void eachEncryptionUsesAFreshTwelveByteNonce() {
		SecretCipher cipher = SecretCipher.forKeyFile(this.dir.resolve("k"));
		String first = cipher.encrypt("same", "c");
		String second = cipher.encrypt("same", "c");
		assertThat(first).isNotEqualTo(second);
		assertThat(Base64.getDecoder().decode(first.split(":")[1])).hasSize(12);
	}

	@Test
	void aTamperedValueAnotherContextOrAnotherKeyIsRefusedWithoutShowingTheSecret() {
		SecretCipher cipher = SecretCipher.forKeyFile(this.dir.resolve("k"));
		String sealed = cipher.encrypt("hunter2", "host-a");
		String[] parts = sealed.split(":");
		byte[] body = Base64.getDecoder().decode(parts[2]);
		body[0] ^= 1;
		String tampered = parts[0] + ":" + parts[1] + ":" + Base64.getEncoder().encodeToString(body);
		assertThatThrownBy(() -> cipher.decrypt(tampered, "host-a", "the test secret"))
			.isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("the test secret cannot be decrypted")
			.hasMessageNotContaining("hunter2");
		assertThatThrownBy(() -> cipher.decrypt(sealed, "host-b", "the test secret"))
			.isInstanceOf(SecretUnreadableException.class);
		assertThatThrownBy(() -> SecretCipher.forKeyFile(this.dir.resolve("other")).decrypt(sealed, "host-a", "it"))
			.isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("another key");
		assertThatThrownBy(() -> cipher.decrypt("v1:not-base64!:x", "host-a", "it"))
			.isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("base64");
		assertThatThrownBy(() -> cipher.decrypt("plain", "host-a", "it")).isInstanceOf(SecretUnreadableException.class)
			.hasMessageContaining("format");
	}

	@Test
	void aKeyFileThatIsNotA256BitKeyIsRefused() throws Exception {
		Path key = this.dir.resolve("short");
		Files.writeString(key, Base64.getEncoder().encodeToString(new byte[16]));
		Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
		assertThatThrownBy(() -> SecretCipher.forKeyFile(key)).isInstanceOf(IllegalStateException.class)
			.hasMessageContaining("256-bit");
	}

}

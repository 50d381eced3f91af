package dev.bulkhead.backend.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import dev.bulkhead.runtime.errors.FailedPreconditionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class InitialPasswordFileTest {

	@TempDir
	Path dataRoot;

	@Test
	void fileIsOwnerReadableOnlyAndHoldsThePassword() throws Exception {
		Path file = InitialPasswordFile.write(this.dataRoot, "s3cret-Pa55");
		assertThat(file).isEqualTo(this.dataRoot.resolve("initial-admin-password"));
		assertThat(Files.readString(file)).isEqualTo("s3cret-Pa55\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
	}

	@Test
	void replacingAnOldFileLeavesNoTemporaryFilesAndKeepsTheMode() throws Exception {
		Path old = this.dataRoot.resolve("initial-admin-password");
		Files.writeString(old, "old");
		Files.setPosixFilePermissions(old, PosixFilePermissions.fromString("rw-r--r--"));
		InitialPasswordFile.write(this.dataRoot, "new-password");
		assertThat(Files.readString(old)).isEqualTo("new-password\n");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(old))).isEqualTo("rw-------");
		try (var files = Files.list(this.dataRoot)) {
			assertThat(files).containsExactly(old);
		}
	}

	@Test
	void missingDataRootIsReportedWithWhatToDo() {
		assertThatThrownBy(() -> InitialPasswordFile.write(this.dataRoot.resolve("missing"), "pw"))
			.isInstanceOf(FailedPreconditionException.class)
			.hasMessageContaining("BULKHEAD_ADMIN_PASSWORD");
	}

}

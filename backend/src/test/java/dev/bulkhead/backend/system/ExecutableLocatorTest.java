package dev.bulkhead.backend.system;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ExecutableLocatorTest {

	@TempDir
	Path dir;

	@Test
	void bareNameIsFoundInTheFirstPathDirectoryThatHasItExecutable() throws Exception {
		Path first = Files.createDirectory(this.dir.resolve("first"));
		Path second = Files.createDirectory(this.dir.resolve("second"));
		Files.writeString(first.resolve("runc"), "not executable");
		Path executable = executable(second.resolve("runc"));
		ExecutableLocator locator = new ExecutableLocator(first + "::" + second);
		assertThat(locator.locate("runc")).contains(executable);
	}

	@Test
	void pathIsTakenAsGivenAndMustBeExecutable() throws Exception {
		Path executable = executable(this.dir.resolve("my-runc"));
		Path plain = Files.writeString(this.dir.resolve("plain"), "x");
		ExecutableLocator locator = new ExecutableLocator("");
		assertThat(locator.locate(executable.toString())).contains(executable);
		assertThat(locator.locate(plain.toString())).isEmpty();
	}

	@Test
	void missingProgramIsEmpty() {
		assertThat(new ExecutableLocator(this.dir.toString()).locate("conmon")).isEmpty();
	}

	private static Path executable(Path path) throws Exception {
		Files.writeString(path, "#!/bin/sh\n");
		Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rwxr-xr-x"));
		return path;
	}

}

package dev.bulkhead.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Assumptions;

/**
 * Images holding one small static C program that makes a system call busybox has no
 * applet for, compiled by the tests with the host's gcc (the test package set installs
 * it). Nothing is downloaded.
 */
public final class ProbeImages {

	/** Tries {@code ptrace(PTRACE_ATTACH)} on its own child and prints the outcome. */
	public static final String PTRACE = "ptrace-probe:latest";

	private ProbeImages() {
	}

	/** The OCI layout tar of {@link #PTRACE}: just {@code /ptrace-probe}. */
	public static byte[] ptraceProbeTar() {
		return new OciLayoutBuilder().executableLayer("ptrace-probe", compile("ptrace-probe")).build(PTRACE);
	}

	private static byte[] compile(String name) {
		Assumptions.assumeTrue(Files.isExecutable(Path.of("/usr/bin/gcc")),
				"needs gcc and libc6-dev to build the probe (install-packages.sh test installs them)");
		try {
			Path dir = Files.createDirectories(Path.of("target", "probes").toAbsolutePath());
			Path source = dir.resolve(name + ".c");
			try (InputStream in = ProbeImages.class.getResourceAsStream("/probes/" + name + ".c")) {
				Files.write(source, in.readAllBytes());
			}
			Path binary = dir.resolve(name);
			Process gcc = new ProcessBuilder("gcc", "-static", "-O2", "-o", binary.toString(), source.toString())
				.redirectErrorStream(true)
				.start();
			String output = new String(gcc.getInputStream().readAllBytes());
			if (!gcc.waitFor(120, TimeUnit.SECONDS) || gcc.exitValue() != 0) {
				throw new IllegalStateException("compiling " + source + " failed: " + output);
			}
			return Files.readAllBytes(binary);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

}

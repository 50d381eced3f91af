package dev.bulkhead.runtime.networks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulkhead.runtime.errors.ConflictException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatNoException;

class PortConflictDetectorTest {

	@TempDir
	Path proc;

	private PortConflictDetector detector;

	@BeforeEach
	void fakeProc() throws IOException {
		Files.createDirectories(this.proc.resolve("net"));
		copy("net-tcp", "net/tcp");
		copy("net-tcp6", "net/tcp6");
		copy("net-udp", "net/udp");
		Path fd = Files.createDirectories(this.proc.resolve("4242/fd"));
		Files.createSymbolicLink(fd.resolve("0"), Path.of("/dev/null"));
		Files.createSymbolicLink(fd.resolve("7"), Path.of("socket:[41234]"));
		Files.write(this.proc.resolve("4242/cmdline"),
				"python3\0-m\0http.server\08080\0".getBytes(StandardCharsets.UTF_8));
		Files.createDirectories(this.proc.resolve("17/fd"));
		this.detector = new PortConflictDetector(this.proc);
	}

	@Test
	void tcpTableIsDecodedAndOnlyListeningSocketsCount() throws IOException {
		assertThat(PortConflictDetector.parse(Files.readString(this.proc.resolve("net/tcp")), true)).containsExactly(
				new PortConflictDetector.BoundSocket("127.0.0.1", 8080, 41234),
				new PortConflictDetector.BoundSocket("0.0.0.0", 22, 1717));
	}

	@Test
	void ipv6WildcardAndMappedAddressesAreDecoded() throws IOException {
		assertThat(PortConflictDetector.parse(Files.readString(this.proc.resolve("net/tcp6")), true)).containsExactly(
				new PortConflictDetector.BoundSocket("::", 8082, 60001),
				new PortConflictDetector.BoundSocket("::ffff:127.0.0.1", 8083, 60002));
	}

	@Test
	void takenPortIsRefusedNamingTheHoldingProcess() {
		assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> this.detector.requireFree(new PortMapping("0.0.0.0", 8080, 80, "tcp")))
			.withMessage("host port 8080/tcp is already in use by pid 4242 (python3 -m http.server 8080); "
					+ "choose another port or stop that process");
	}

	@Test
	void portHeldOnlyOnLoopbackIsFreeOnAnotherAddress() {
		assertThatNoException()
			.isThrownBy(() -> this.detector.requireFree(new PortMapping("10.0.0.5", 8080, 80, "tcp")));
		assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> this.detector.requireFree(new PortMapping("10.0.0.5", 22, 80, "tcp")))
			.withMessageContaining("a process this server cannot see");
	}

	@Test
	void ipv6WildcardHoldsThePortForEveryAddress() {
		assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> this.detector.requireFree(new PortMapping("127.0.0.1", 8082, 80, "tcp")));
	}

	@Test
	void udpAndTcpAreSeparate() {
		assertThatExceptionOfType(ConflictException.class)
			.isThrownBy(() -> this.detector.requireFree(new PortMapping("0.0.0.0", 53, 53, "udp")));
		assertThatNoException().isThrownBy(() -> this.detector.requireFree(new PortMapping("0.0.0.0", 53, 53, "tcp")));
	}

	private void copy(String fixture, String target) throws IOException {
		try (InputStream in = getClass().getResourceAsStream("/fixtures/proc/" + fixture)) {
			Files.copy(in, this.proc.resolve(target));
		}
	}

}

package dev.bulkhead.runtime.sys;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.FileOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Real pseudo-terminals need no root: these run against the host's libc and devpts.
 */
class NativePseudoTerminalsTest {

	private final NativePseudoTerminals terminals = new NativePseudoTerminals();

	@Test
	void slaveOutputArrivesOnTheMasterUntilTheSlaveCloses() throws IOException {
		PseudoTerminals.Master master = this.terminals.open();
		try {
			assertThat(master.slavePath()).startsWith("/dev/pts/");
			try (FileOutputStream slave = new FileOutputStream(master.slavePath())) {
				slave.write("hi\n".getBytes(StandardCharsets.US_ASCII));
			}
			ByteArrayOutputStream received = new ByteArrayOutputStream();
			byte[] buffer = new byte[64];
			for (int n; (n = this.terminals.read(master.fd(), buffer)) > 0;) {
				received.write(buffer, 0, n);
			}
			// the line discipline turns a newline into CR LF on output
			assertThat(received.toString(StandardCharsets.US_ASCII)).isEqualTo("hi\r\n");
		}
		finally {
			this.terminals.close(master.fd());
		}
	}

	@Test
	void resizeIsWhatTheSlaveSideReads() throws Exception {
		PseudoTerminals.Master master = this.terminals.open();
		try {
			this.terminals.resize(master.fd(), 91, 37);
			Process stty = new ProcessBuilder("stty", "size")
				.redirectInput(ProcessBuilder.Redirect.from(new File(master.slavePath())))
				.start();
			String size = new String(stty.getInputStream().readAllBytes(), StandardCharsets.US_ASCII).trim();
			assertThat(stty.waitFor()).isZero();
			assertThat(size).isEqualTo("37 91");
		}
		finally {
			this.terminals.close(master.fd());
		}
	}

	@Test
	void bytesWrittenToTheMasterAreReadOnTheSlave() throws Exception {
		PseudoTerminals.Master master = this.terminals.open();
		try {
			Process head = new ProcessBuilder("head", "-n", "1")
				.redirectInput(ProcessBuilder.Redirect.from(new File(master.slavePath())))
				.start();
			this.terminals.write(master.fd(), "typed\n".getBytes(StandardCharsets.US_ASCII));
			String line = new String(head.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
			assertThat(head.waitFor()).isZero();
			assertThat(line).isEqualTo("typed\n");
		}
		finally {
			this.terminals.close(master.fd());
		}
	}

}

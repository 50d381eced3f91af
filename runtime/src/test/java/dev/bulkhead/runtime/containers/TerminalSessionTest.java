package dev.bulkhead.runtime.containers;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.bulkhead.runtime.sys.NativePseudoTerminals;
import dev.bulkhead.runtime.sys.NativeSyscalls;
import dev.bulkhead.runtime.sys.PseudoTerminals;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A session's own logic with a real host terminal and real processes, but no container:
 * in place of {@code runc exec} runs a shell that leads its own session and writes its
 * pid file as runc would. No root needed.
 */
class TerminalSessionTest {

	private final PseudoTerminals terminals = new NativePseudoTerminals();

	@TempDir
	Path dir;

	private TerminalSession session;

	private final ByteArrayOutputStream output = new ByteArrayOutputStream();

	@AfterEach
	void closeSession() {
		if (this.session != null) {
			this.session.close();
		}
	}

	private void start(String script) throws IOException {
		PseudoTerminals.Master master = this.terminals.open();
		Path pidFile = this.dir.resolve("exec.pid");
		// setsid makes the shell a session leader, as runc does for an exec'd process
		Process process = new ProcessBuilder("/bin/sh", "-c", "exec \"$@\" <>\"$0\" >&0 2>&0", master.slavePath(),
				"setsid", "sh", "-c", "echo $$ > " + pidFile + "; " + script)
			.start();
		this.session = new TerminalSession(this.terminals, new NativeSyscalls(), new SessionMembers(Path.of("/proc")),
				master.fd(), process, pidFile);
		Thread reader = new Thread(() -> {
			byte[] buffer = new byte[1024];
			try (InputStream in = this.session.output()) {
				for (int n; (n = in.read(buffer, 0, buffer.length)) > 0;) {
					synchronized (this.output) {
						this.output.write(buffer, 0, n);
					}
				}
			}
			catch (IOException ex) {
				throw new java.io.UncheckedIOException(ex);
			}
		});
		reader.setDaemon(true);
		reader.start();
	}

	private String awaitOutput(String expected) throws InterruptedException {
		for (int i = 0; i < 200; i++) {
			synchronized (this.output) {
				String now = this.output.toString(StandardCharsets.UTF_8);
				if (now.contains(expected)) {
					return now;
				}
			}
			Thread.sleep(25);
		}
		throw new AssertionError("no '" + expected + "' in " + this.output.toString(StandardCharsets.UTF_8));
	}

	@Test
	void typedInputReachesTheProcessAndItsExitCodeIsTheSessions() throws Exception {
		start("read x; echo got-$x; exit 7");
		this.session.write("abc\n".getBytes(StandardCharsets.US_ASCII));
		awaitOutput("got-abc");
		assertThat(this.session.waitFor(Duration.ofSeconds(10))).hasValue(7);
		assertThat(this.session.exitCode()).hasValue(7);
	}

	@Test
	void resizeIsSeenByTheProcess() throws Exception {
		start("read x; stty size");
		this.session.resize(100, 30);
		this.session.write("\n".getBytes(StandardCharsets.US_ASCII));
		awaitOutput("30 100");
	}

	@Test
	void closeKillsTheProcessAndWhatItStartedAndRemovesThePidFile() throws Exception {
		start("sleep 1000 & echo started; wait");
		awaitOutput("started");
		int leader = this.session.execPid().orElseThrow();
		List<Integer> members = new SessionMembers(Path.of("/proc")).of(leader);
		assertThat(members).as("the shell and its sleep").hasSizeGreaterThanOrEqualTo(2);
		this.session.close();
		// killed at once; an orphan may stay a zombie for a moment until its new parent
		// reaps it
		for (int i = 0; i < 100 && !new SessionMembers(Path.of("/proc")).of(leader).isEmpty(); i++) {
			Thread.sleep(20);
		}
		assertThat(new SessionMembers(Path.of("/proc")).of(leader)).as("processes left in the session").isEmpty();
		assertThat(this.session.exitCode()).isPresent();
		assertThat(Files.exists(this.dir.resolve("exec.pid"))).isFalse();
		assertThat(this.session.output().read()).isEqualTo(-1);
	}

	@Test
	void sizesOutsideOneToAThousandAreRefused() throws Exception {
		start("sleep 1000");
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.session.resize(0, 24));
		org.assertj.core.api.Assertions.assertThatIllegalArgumentException()
			.isThrownBy(() -> this.session.resize(80, 1001));
	}

}

package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class SessionMembersTest {

	@TempDir
	Path proc;

	@Test
	void sessionIsTheSixthFieldCountedAfterTheCommandName() {
		assertThat(SessionMembers.parseSession("4242 (sh) S 4200 4242 4242 34816 4250 4194560 120 0")).hasValue(4242);
		assertThat(SessionMembers.parseSession("77 (a) b (c)) R 1 70 71 0 -1 0")).hasValue(71);
	}

	@Test
	void malformedStatHasNoSession() {
		assertThat(SessionMembers.parseSession("garbage")).isEmpty();
		assertThat(SessionMembers.parseSession("1 (x) S 0")).isEmpty();
	}

	@Test
	void membersAreTheProcessesOfTheSessionOnly() throws IOException {
		stat(4242, "4242 (sh) S 4200 4242 4242 0 -1 0");
		stat(4250, "4250 (sleep) S 4242 4250 4242 0 -1 0");
		stat(4300, "4300 (sleep) S 1 4300 4242 0 -1 0");
		stat(5000, "5000 (other) S 1 5000 5000 0 -1 0");
		Files.createDirectories(this.proc.resolve("self"));
		Files.createDirectories(this.proc.resolve("6000"));
		assertThat(new SessionMembers(this.proc).of(4242)).containsExactlyInAnyOrder(4242, 4250, 4300);
	}

	private void stat(int pid, String line) throws IOException {
		Path dir = Files.createDirectories(this.proc.resolve(Integer.toString(pid)));
		Files.writeString(dir.resolve("stat"), line + "\n");
	}

}

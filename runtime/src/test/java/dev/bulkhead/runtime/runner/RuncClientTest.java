package dev.bulkhead.runtime.runner;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuncClientTest {

	private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

	private final RecordingCommandRunner commands = new RecordingCommandRunner();

	private final RuncClient runc = new RuncClient(Path.of("/usr/bin/runc"), Path.of("/run/bulkhead/runc"),
			this.commands, JsonMapper.builder().build());

	@Test
	void globalArgumentsComeBeforeTheSubcommand() {
		this.runc.kill(ID, "TERM");
		this.runc.delete(ID, true);

		assertThat(this.commands.commands).containsExactly(
				List.of("/usr/bin/runc", "--root", "/run/bulkhead/runc", "--log-format", "json", "kill", ID, "TERM"),
				List.of("/usr/bin/runc", "--root", "/run/bulkhead/runc", "--log-format", "json", "delete", "--force",
						ID));
	}

	@Test
	void stateIsEmptyWhenRuncDoesNotKnowTheContainer() {
		this.commands.answer(1, "",
				"{\"level\":\"error\",\"msg\":\"container does not exist\",\"time\":\"2024-05-01T10:00:00Z\"}\n");

		assertThat(this.runc.state(ID)).isEmpty();
		assertThat(this.commands.commands.get(0)).endsWith("state", ID);
	}

	@Test
	void stateParsesRuncsJson() {
		this.commands.answer(0, """
				{
				  "ociVersion": "1.0.2",
				  "id": "%s",
				  "pid": 4242,
				  "status": "running",
				  "bundle": "/var/lib/bulkhead/containers/%s/bundle",
				  "rootfs": "/var/lib/bulkhead/containers/%s/bundle/rootfs",
				  "created": "2024-05-01T10:00:00.123456789Z",
				  "owner": ""
				}
				""".formatted(ID, ID, ID), "");

		assertThat(this.runc.state(ID))
			.contains(new RuncClient.State(ID, 4242, "running", "/var/lib/bulkhead/containers/" + ID + "/bundle"));
	}

	@Test
	void stateFailureOtherThanUnknownContainerIsAnError() {
		this.commands.answer(1, "", "{\"level\":\"error\",\"msg\":\"permission denied\"}\n");

		assertThatThrownBy(() -> this.runc.state(ID)).isInstanceOf(RuntimeCommandException.class)
			.hasMessageContaining("permission denied");
	}

	@Test
	void failedKillCarriesRuncsOwnMessage() {
		this.commands.answer(1, "", """
				{"level":"warning","msg":"something harmless","time":"2024-05-01T10:00:00Z"}
				{"level":"error","msg":"container not running","time":"2024-05-01T10:00:00Z"}
				""");

		assertThatThrownBy(() -> this.runc.kill(ID, "TERM")).isInstanceOfSatisfying(RuntimeCommandException.class,
				(ex) -> {
					assertThat(ex.toolMessage()).isEqualTo("container not running");
					assertThat(ex.exitCode()).isEqualTo(1);
					assertThat(ex.getMessage()).contains("(exit 1): container not running");
				});
	}

	@Test
	void failedCommandMessageNamesTheSubcommand() {
		this.commands.answer(1, "", "{\"level\":\"error\",\"msg\":\"container not running\"}\n");

		assertThatThrownBy(() -> this.runc.kill(ID, "TERM"))
			.hasMessage("runc kill failed (exit 1): container not running");
	}

	@Test
	void listReturnsTheNonBlankLines() {
		this.commands.answer(0, "a\n\nb\n", "");

		assertThat(this.runc.list()).containsExactly("a", "b");
		assertThat(this.commands.commands.get(0)).endsWith("list", "--quiet");
	}

	@Test
	void lastErrorTakesTheMessageOfTheLastJsonLogLine() {
		assertThat(this.runc
			.lastError("{\"level\":\"info\",\"msg\":\"first\"}\n{\"level\":\"error\",\"msg\":\"second\"}\n\n"))
			.isEqualTo("second");
	}

	@Test
	void lastErrorTakesPlainTextAsItIs() {
		assertThat(this.runc.lastError("usage: runc kill\n  exec: \"x\": executable file not found  \n"))
			.isEqualTo("exec: \"x\": executable file not found");
	}

	@Test
	void lastErrorReportsJsonWithoutAMessageVerbatim() {
		assertThat(this.runc.lastError("{\"level\":\"error\"}")).isEqualTo("{\"level\":\"error\"}");
		assertThat(this.runc.lastError("{not json")).isEqualTo("{not json");
	}

	@Test
	void lastErrorOfNoOutputSaysSo() {
		assertThat(this.runc.lastError("")).isEqualTo("(no message)");
		assertThat(this.runc.lastError(" \n\n")).isEqualTo("(no message)");
	}

	@Test
	void interactiveExecOpensTheTerminalSlaveInTheChildAndAsksRuncForATty() {
		assertThat(this.runc.interactiveExecCommand(ID, List.of("sh"), "/dev/pts/7", Path.of("/run/x.pid")))
			.startsWith("/bin/sh", "-c", "exec \"$@\" <>\"$0\" >&0 2>&0", "/dev/pts/7")
			.containsSubsequence("exec", "--tty", "--pid-file", "/run/x.pid", ID, "sh")
			.endsWith(ID, "sh");
	}

}

package dev.bulkhead.runtime.stats;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProcessTableTest {

	private final ProcessTable table = new ProcessTable(Path.of("src/test/resources/fixtures/proc"));

	@Test
	void describesEachProcessFromStatStatusAndCmdline() {
		List<ProcessInfo> processes = this.table.describe(List.of(42, 43), (uid) -> (uid == 65534) ? "nobody" : null);
		assertThat(processes).hasSize(2);
		ProcessInfo shell = processes.get(0);
		assertThat(shell.pid()).isEqualTo(42);
		assertThat(shell.containerPid()).isEqualTo(1);
		assertThat(shell.ppid()).isEqualTo(1);
		assertThat(shell.uid()).isEqualTo(65534);
		assertThat(shell.user()).isEqualTo("nobody");
		assertThat(shell.state()).isEqualTo("S");
		assertThat(shell.command()).isEqualTo("sh -c while true; do sleep 1; done");
		assertThat(shell.cpuNanos()).isEqualTo(200 * 10_000_000L);
		assertThat(shell.rssBytes()).isEqualTo(200 * 4096L);
	}

	@Test
	void aNameWithParenthesesAndNoCommandLineIsShownInBrackets() {
		ProcessInfo odd = this.table.describe(List.of(43), (uid) -> null).get(0);
		assertThat(odd.state()).isEqualTo("R");
		assertThat(odd.ppid()).isEqualTo(42);
		assertThat(odd.containerPid()).isEqualTo(7);
		assertThat(odd.user()).isEqualTo("0");
		assertThat(odd.command()).isEqualTo("[my (odd) name]");
	}

	@Test
	void aProcessThatEndedIsLeftOut() {
		assertThat(this.table.describe(List.of(42, 7777), (uid) -> null)).extracting(ProcessInfo::pid)
			.containsExactly(42);
	}

	@Test
	void trailingNulsOfTheCommandLineAreDropped() {
		assertThat(ProcessTable.commandLine("a\0b c\0\0".getBytes(StandardCharsets.UTF_8))).isEqualTo("a b c");
	}

}

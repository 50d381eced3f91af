package dev.bulkhead.backend.containers;

import java.util.Map;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommandLineTest {

	@Test
	void splitsOnRunsOfWhitespace() {
		assertThat(ContainerPagesController.CommandLine.split("  sleep \t 30\n")).containsExactly("sleep", "30");
	}

	@Test
	void quotesKeepSpacesAndTheOtherQuote() {
		assertThat(ContainerPagesController.CommandLine.split("sh -c 'echo \"hi there\"; exit 3'"))
			.containsExactly("sh", "-c", "echo \"hi there\"; exit 3");
		assertThat(ContainerPagesController.CommandLine.split("echo \"it's\" done")).containsExactly("echo", "it's",
				"done");
	}

	@Test
	void quotedPartsJoinTheWordAroundThem() {
		assertThat(ContainerPagesController.CommandLine.split("--name='a b'c")).containsExactly("--name=a bc");
	}

	@Test
	void emptyQuotesGiveAnEmptyArgument() {
		assertThat(ContainerPagesController.CommandLine.split("printf '' \"\" x")).containsExactly("printf", "", "",
				"x");
	}

	@Test
	void nothingTypedGivesNoArguments() {
		assertThat(ContainerPagesController.CommandLine.split(null)).isEmpty();
		assertThat(ContainerPagesController.CommandLine.split("   ")).isEmpty();
	}

	@Test
	void unclosedQuoteIsRefused() {
		assertThatThrownBy(() -> ContainerPagesController.CommandLine.split("sh -c 'echo hi"))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("unclosed ' quote");
		assertThatThrownBy(() -> ContainerPagesController.CommandLine.split("echo \"hi"))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("unclosed \" quote");
	}

	@Test
	void environmentIsOneVariablePerLine() {
		Map<String, String> env = ContainerPagesController.parseEnv("A=1\r\n\n  B=two words  \nC=\nD=x=y\n");

		assertThat(env).containsExactly(Map.entry("A", "1"), Map.entry("B", "two words"), Map.entry("C", ""),
				Map.entry("D", "x=y"));
	}

	@Test
	void noEnvironmentTextGivesNoVariables() {
		assertThat(ContainerPagesController.parseEnv(null)).isEmpty();
		assertThat(ContainerPagesController.parseEnv("\n \n")).isEmpty();
	}

	@Test
	void laterEnvironmentLineReplacesAnEarlierOne() {
		assertThat(ContainerPagesController.parseEnv("A=1\nA=2")).containsExactly(Map.entry("A", "2"));
	}

	@Test
	void environmentLineWithoutNameIsRefused() {
		assertThatThrownBy(() -> ContainerPagesController.parseEnv("A=1\nJUSTNAME"))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("'JUSTNAME' is not NAME=value");
		assertThatThrownBy(() -> ContainerPagesController.parseEnv("=value"))
			.isInstanceOf(InvalidArgumentException.class);
	}

	@Test
	void environmentNamesAreTrimmedAroundTheEqualsSign() {
		assertThat(ContainerPagesController.parseEnv("B = x")).containsEntry("B", " x");
	}

}

package dev.bulkhead.runtime.containers;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SignalsTest {

	@ParameterizedTest
	@CsvSource({ "SIGTERM, TERM", "term, TERM", "Sigterm, TERM", "' TERM ', TERM", "15, 15", "9, 9", "64, 64",
			"SIGKILL, KILL", "usr1, USR1", "SIGWINCH, WINCH" })
	void acceptsTheWaysUsersWriteASignal(String given, String expected) {
		assertThat(Signals.normalize(given)).isEqualTo(expected);
	}

	@ParameterizedTest
	@ValueSource(strings = { "", "  " })
	void noSignalMeansKill(String given) {
		assertThat(Signals.normalize(given)).isEqualTo("KILL");
		assertThat(Signals.normalize(null)).isEqualTo("KILL");
	}

	@ParameterizedTest
	@ValueSource(strings = { "0", "65", "100", "-9", "SIGFOO", "TERM;rm", "SIG", "sig15", "KILL TERM" })
	void refusesWhatIsNotASignal(String given) {
		assertThatThrownBy(() -> Signals.normalize(given)).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("'" + given + "' is not a signal");
	}

}

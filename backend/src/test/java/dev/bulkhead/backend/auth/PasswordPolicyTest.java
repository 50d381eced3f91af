package dev.bulkhead.backend.auth;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PasswordPolicyTest {

	@Test
	void aPassphraseOfTwelveOrMoreCharactersPasses() {
		assertThatCode(() -> PasswordPolicy.check("judy", "plum kettle orbit")).doesNotThrowAnyException();
		assertThatCode(() -> PasswordPolicy.check("judy", "twelve-chars")).doesNotThrowAnyException();
	}

	@Test
	void shorterPasswordsAreRefusedSayingHowLongTheyAre() {
		assertThatThrownBy(() -> PasswordPolicy.check("judy", "elevenchars"))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("at least 12 characters")
			.hasMessageContaining("this one has 11");
		assertThatThrownBy(() -> PasswordPolicy.check("judy", "   ")).hasMessageContaining("required");
		assertThatThrownBy(() -> PasswordPolicy.check("judy", null)).hasMessageContaining("required");
	}

	@Test
	void theUsernameIsRefusedWhateverItsCase() {
		assertThatThrownBy(() -> PasswordPolicy.check("katherine.jo", "Katherine.Jo"))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("must not be the username");
	}

	@Test
	void commonPasswordsAreRefusedWhateverTheirCase() {
		for (String common : new String[] { "password1234", "Password1234", "QWERTY123456", "administrator" }) {
			assertThatThrownBy(() -> PasswordPolicy.check("leo", common)).as(common)
				.isInstanceOf(InvalidArgumentException.class)
				.hasMessageContaining("most common passwords");
		}
	}

}

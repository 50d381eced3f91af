package dev.bulkhead.runtime.registry;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuthChallengeTest {

	@Test
	void bearerChallengeParametersAreReadWithQuotedCommas() {
		AuthChallenge challenge = AuthChallenge.parse(
				"Bearer realm=\"https://auth.example/token\",service=\"registry.example\",scope=\"repository:a/b:pull,push\"");
		assertThat(challenge.isBearer()).isTrue();
		assertThat(challenge.parameter("realm")).isEqualTo("https://auth.example/token");
		assertThat(challenge.parameter("service")).isEqualTo("registry.example");
		assertThat(challenge.parameter("scope")).isEqualTo("repository:a/b:pull,push");
	}

	@Test
	void basicChallengeIsRecognised() {
		AuthChallenge challenge = AuthChallenge.parse("Basic realm=\"registry\"");
		assertThat(challenge.isBasic()).isTrue();
		assertThat(challenge.parameter("realm")).isEqualTo("registry");
	}

}

package dev.bulkhead.runtime.networks;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class SubnetsTest {

	@Test
	void subnetIsNormalisedToItsBaseAddress() {
		Subnets.Cidr cidr = Subnets.parse("10.214.7.9/24");
		assertThat(cidr).hasToString("10.214.7.0/24");
		assertThat(cidr.firstHost()).isEqualTo("10.214.7.1");
		assertThat(cidr.contains("10.214.7.200")).isTrue();
		assertThat(cidr.contains("10.214.8.1")).isFalse();
	}

	@Test
	void overlapIsSeenFromEitherSide() {
		assertThat(Subnets.parse("10.213.0.0/16").overlaps(Subnets.parse("10.213.4.0/24"))).isTrue();
		assertThat(Subnets.parse("10.213.4.0/24").overlaps(Subnets.parse("10.213.0.0/16"))).isTrue();
		assertThat(Subnets.parse("10.213.0.0/16").overlaps(Subnets.parse("10.214.0.0/16"))).isFalse();
	}

	@Test
	void malformedSubnetsAreRefused() {
		assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Subnets.parse("10.0.0.0"));
		assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Subnets.parse("10.0.0.0/31"))
			.withMessageContaining("/30");
		assertThatExceptionOfType(InvalidArgumentException.class).isThrownBy(() -> Subnets.parse("10.0.300.0/24"));
	}

}

package dev.bulkhead.runtime.sys;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ErrnoTest {

	@Test
	void namesKnownErrnosSymbolically() {
		assertThat(Errno.name(Errno.ENOENT)).isEqualTo("ENOENT");
		assertThat(Errno.name(16)).isEqualTo("EBUSY");
		assertThat(Errno.name(95)).isEqualTo("EOPNOTSUPP");
	}

	@Test
	void namesUnknownErrnosByNumber() {
		assertThat(Errno.name(4242)).isEqualTo("errno-4242");
	}

}

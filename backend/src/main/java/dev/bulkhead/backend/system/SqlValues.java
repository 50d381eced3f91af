package dev.bulkhead.backend.system;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/**
 * Values as every supported database takes them. The PostgreSQL driver does not accept a
 * {@link Instant} as a parameter (H2 does); both take an {@link OffsetDateTime} for a
 * {@code TIMESTAMP WITH TIME ZONE} column, so instants are passed through here.
 */
public final class SqlValues {

	private SqlValues() {
	}

	/**
	 * An instant as a UTC {@code TIMESTAMP WITH TIME ZONE} parameter; null stays null.
	 */
	public static OffsetDateTime timestamp(Instant instant) {
		return (instant != null) ? instant.atOffset(ZoneOffset.UTC) : null;
	}

}

package dev.bulkhead.backend.audit;

import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AuditCsvTest {

	@Test
	void fieldsWithCommasQuotesOrLineBreaksAreQuoted() {
		AuditEvent event = new AuditEvent(7, Instant.parse("2026-01-02T03:04:05Z"), "ann", "127.0.0.1",
				"POST /api/v1/teams", "/api/v1/teams", Outcome.FAILED, "HTTP 409: a \"team\", named x\nexists");
		assertThat(AuditCsv.of(List.of(event))).isEqualTo(AuditCsv.HEADER + "\r\n"
				+ "7,2026-01-02T03:04:05Z,ann,127.0.0.1,POST /api/v1/teams,/api/v1/teams,failed,"
				+ "\"HTTP 409: a \"\"team\"\", named x\nexists\"\r\n");
	}

	@Test
	void missingValuesAreEmptyFields() {
		AuditEvent event = new AuditEvent(1, Instant.parse("2026-01-02T03:04:05Z"), null, null, "sign-in", null,
				Outcome.DENIED, null);
		assertThat(AuditCsv.of(List.of(event)).lines().skip(1).findFirst())
			.contains("1,2026-01-02T03:04:05Z,,,sign-in,,denied,");
	}

	@Test
	void refusalsAreDeniedAndOtherErrorsFailed() {
		assertThat(AuditRequestFilter.outcomeOf(201, null)).isEqualTo(Outcome.SUCCESS);
		assertThat(AuditRequestFilter.outcomeOf(302, null)).isEqualTo(Outcome.SUCCESS);
		assertThat(AuditRequestFilter.outcomeOf(401, null)).isEqualTo(Outcome.DENIED);
		assertThat(AuditRequestFilter.outcomeOf(403, null)).isEqualTo(Outcome.DENIED);
		assertThat(AuditRequestFilter.outcomeOf(404, "not visible")).isEqualTo(Outcome.DENIED);
		assertThat(AuditRequestFilter.outcomeOf(404, null)).isEqualTo(Outcome.FAILED);
		assertThat(AuditRequestFilter.outcomeOf(500, null)).isEqualTo(Outcome.FAILED);
	}

}

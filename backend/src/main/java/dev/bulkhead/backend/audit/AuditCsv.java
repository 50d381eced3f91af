package dev.bulkhead.backend.audit;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Writes audit events as RFC 4180 CSV with a header row.
 */
final class AuditCsv {

	static final String HEADER = "id,at,actor,sourceAddress,action,target,outcome,detail";

	private AuditCsv() {
	}

	static String of(List<AuditEvent> events) {
		StringBuilder csv = new StringBuilder(HEADER).append("\r\n");
		for (AuditEvent event : events) {
			csv.append(Stream
				.of(String.valueOf(event.id()), event.at().toString(), event.actor(), event.sourceAddress(),
						event.action(), event.target(), event.outcome().wireName(), event.detail())
				.map(AuditCsv::field)
				.collect(Collectors.joining(","))).append("\r\n");
		}
		return csv.toString();
	}

	static String field(String value) {
		if (value == null) {
			return "";
		}
		boolean quote = value.contains(",") || value.contains("\"") || value.contains("\n") || value.contains("\r");
		return quote ? "\"" + value.replace("\"", "\"\"") + "\"" : value;
	}

}

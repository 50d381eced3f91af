package dev.bulkhead.runtime.containers;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Signal names as users write them ({@code SIGTERM}, {@code term}, {@code 15}) turned
 * into what runc accepts.
 */
final class Signals {

	private static final Set<String> NAMES = Set.of("HUP", "INT", "QUIT", "ILL", "TRAP", "ABRT", "BUS", "FPE", "KILL",
			"USR1", "SEGV", "USR2", "PIPE", "ALRM", "TERM", "STKFLT", "CHLD", "CONT", "STOP", "TSTP", "TTIN", "TTOU",
			"URG", "XCPU", "XFSZ", "VTALRM", "PROF", "WINCH", "IO", "PWR", "SYS");

	private static final Pattern NUMBER = Pattern.compile("[0-9]{1,2}");

	private Signals() {
	}

	static String normalize(String signal) {
		if (signal == null || signal.isBlank()) {
			return "KILL";
		}
		String value = signal.trim().toUpperCase(Locale.ROOT);
		if (NUMBER.matcher(value).matches()) {
			int number = Integer.parseInt(value);
			if (number >= 1 && number <= 64) {
				return value;
			}
		}
		if (value.startsWith("SIG")) {
			value = value.substring(3);
		}
		if (NAMES.contains(value)) {
			return value;
		}
		throw new InvalidArgumentException("'" + signal + "' is not a signal; use a name like TERM or KILL, or 1-64");
	}

}

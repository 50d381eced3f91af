package dev.bulkhead.runtime.registry;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge (RFC 7235): the scheme and its parameters, e.g.
 * {@code Bearer realm="https://auth/token",service="registry",scope="repository:x:pull"}.
 */
record AuthChallenge(String scheme, Map<String, String> parameters) {

	static AuthChallenge parse(String header) {
		String value = header.trim();
		int space = value.indexOf(' ');
		String scheme = (space < 0) ? value : value.substring(0, space);
		Map<String, String> parameters = new LinkedHashMap<>();
		int i = (space < 0) ? value.length() : space + 1;
		while (i < value.length()) {
			while (i < value.length() && (value.charAt(i) == ' ' || value.charAt(i) == ',')) {
				i++;
			}
			int eq = value.indexOf('=', i);
			if (eq < 0) {
				break;
			}
			String name = value.substring(i, eq).trim().toLowerCase(Locale.ROOT);
			i = eq + 1;
			StringBuilder parameter = new StringBuilder();
			if (i < value.length() && value.charAt(i) == '"') {
				i++;
				while (i < value.length() && value.charAt(i) != '"') {
					if (value.charAt(i) == '\\' && i + 1 < value.length()) {
						i++;
					}
					parameter.append(value.charAt(i++));
				}
				i++;
			}
			else {
				while (i < value.length() && value.charAt(i) != ',') {
					parameter.append(value.charAt(i++));
				}
			}
			parameters.put(name, parameter.toString().trim());
		}
		return new AuthChallenge(scheme.toLowerCase(Locale.ROOT), parameters);
	}

	boolean isBearer() {
		return "bearer".equals(this.scheme);
	}

	boolean isBasic() {
		return "basic".equals(this.scheme);
	}

	String parameter(String name) {
		return this.parameters.get(name);
	}

}

package dev.bulkhead.runtime.networks;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Parses published-port requests: strings in docker's short form
 * ({@code [hostIp:][hostPort:]containerPort[/protocol]}) or objects with
 * {@code hostIp, hostPort, containerPort, protocol}. A bare container port, an empty host
 * port ({@code 127.0.0.1::80}) or host port 0 asks for a free host port.
 */
public final class PortSpecs {

	private static final Pattern SHORT = Pattern
		.compile("(?:(?:(?<ip>[0-9.]+):)?(?<host>[0-9]*):)?(?<container>[0-9]+)(?:/(?<proto>[a-zA-Z]+))?");

	private static final Pattern IPV4 = Pattern
		.compile("((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])");

	private PortSpecs() {
	}

	/** Parses every entry; the message of a bad one names its position and value. */
	public static List<PortMapping> parse(List<?> entries) {
		if (entries == null) {
			return List.of();
		}
		List<PortMapping> ports = new ArrayList<>();
		Set<String> hostSides = new HashSet<>();
		for (int i = 0; i < entries.size(); i++) {
			PortMapping port = parseEntry(entries.get(i), i);
			if (port.hostPort() != 0 && !hostSides.add(port.hostPort() + "/" + port.protocol())) {
				throw new InvalidArgumentException(
						"ports[" + i + "]: host port " + port.hostSide() + " is published twice; publish it once");
			}
			ports.add(port);
		}
		return List.copyOf(ports);
	}

	static PortMapping parseEntry(Object entry, int index) {
		if (entry instanceof String text) {
			return parseShort(text.trim(), index);
		}
		if (entry instanceof Number number) {
			return parseShort(number.toString(), index);
		}
		if (entry instanceof Map<?, ?> map) {
			return parseObject(map, index);
		}
		throw bad(index, String.valueOf(entry), "give a string like \"8080:80/tcp\" or an object with containerPort");
	}

	private static PortMapping parseShort(String text, int index) {
		Matcher m = SHORT.matcher(text);
		if (!m.matches()) {
			throw bad(index, text, "use [hostIp:][hostPort:]containerPort[/tcp|/udp]");
		}
		String ip = (m.group("ip") != null) ? m.group("ip") : PortMapping.ANY_ADDRESS;
		int host = (m.group("host") != null && !m.group("host").isEmpty()) ? number(m.group("host"), index, text) : 0;
		int container = number(m.group("container"), index, text);
		String proto = (m.group("proto") != null) ? m.group("proto") : "tcp";
		return validated(ip, host, container, proto, index, text);
	}

	private static PortMapping parseObject(Map<?, ?> map, int index) {
		String text = map.toString();
		Object container = map.get("containerPort");
		if (container == null) {
			throw bad(index, text, "containerPort is required");
		}
		Object host = map.get("hostPort");
		Object ip = map.get("hostIp");
		Object proto = map.get("protocol");
		return validated((ip != null) ? ip.toString() : PortMapping.ANY_ADDRESS,
				(host != null) ? number(host.toString(), index, text) : 0, number(container.toString(), index, text),
				(proto != null) ? proto.toString() : "tcp", index, text);
	}

	private static PortMapping validated(String ip, int host, int container, String proto, int index, String text) {
		if (!IPV4.matcher(ip).matches()) {
			throw bad(index, text, "host IP '" + ip + "' is not an IPv4 address");
		}
		if (host < 0 || host > 65535) {
			throw bad(index, text, "host port " + host + " is out of range 0-65535 (0 picks a free port)");
		}
		if (container < 1 || container > 65535) {
			throw bad(index, text, "container port " + container + " is out of range 1-65535");
		}
		String protocol = proto.toLowerCase(java.util.Locale.ROOT);
		if (!protocol.equals("tcp") && !protocol.equals("udp")) {
			throw bad(index, text, "protocol '" + proto + "' is not supported; use tcp or udp");
		}
		return new PortMapping(ip, host, container, protocol);
	}

	private static int number(String value, int index, String text) {
		try {
			return Integer.parseInt(value.trim());
		}
		catch (NumberFormatException ex) {
			throw bad(index, text, "'" + value + "' is not a port number");
		}
	}

	private static InvalidArgumentException bad(int index, String text, String what) {
		return new InvalidArgumentException("ports[" + index + "] '" + text + "' is not valid: " + what);
	}

}

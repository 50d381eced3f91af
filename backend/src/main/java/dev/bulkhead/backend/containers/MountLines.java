package dev.bulkhead.backend.containers;

import java.util.ArrayList;
import java.util.List;

import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Mounts as the dashboard's form takes them, one per line in the shape of docker's
 * {@code --mount}: {@code type=volume,source=pgdata,target=/data,readonly},
 * {@code type=tmpfs,target=/scratch,tmpfs-size=67108864,tmpfs-mode=1777}.
 */
final class MountLines {

	private MountLines() {
	}

	static List<MountSpec> parse(String text) {
		List<MountSpec> mounts = new ArrayList<>();
		if (text == null) {
			return mounts;
		}
		for (String line : text.split("\\R")) {
			if (!line.isBlank()) {
				mounts.add(parseLine(line.strip()));
			}
		}
		return mounts;
	}

	private static MountSpec parseLine(String line) {
		String type = "volume";
		String source = null;
		String target = null;
		Boolean readOnly = null;
		Long size = null;
		String mode = null;
		for (String part : line.split(",")) {
			String[] kv = part.strip().split("=", 2);
			String key = kv[0].strip();
			String value = (kv.length > 1) ? kv[1].strip() : null;
			switch (key) {
				case "type" -> type = value;
				case "source", "src" -> source = value;
				case "target", "dst", "destination" -> target = value;
				case "readonly", "ro" -> readOnly = (value == null) || Boolean.parseBoolean(value);
				case "tmpfs-size" -> size = number(line, value);
				case "tmpfs-mode" -> mode = value;
				default -> throw new InvalidArgumentException("mount '" + line + "': unknown key '" + key
						+ "'; use type, source, target, readonly, tmpfs-size, tmpfs-mode");
			}
		}
		return new MountSpec(type, source, target, readOnly, size, mode);
	}

	private static Long number(String line, String value) {
		try {
			return Long.parseLong(value);
		}
		catch (NumberFormatException | NullPointerException ex) {
			throw new InvalidArgumentException("mount '" + line + "': tmpfs-size must be a number of bytes");
		}
	}

}

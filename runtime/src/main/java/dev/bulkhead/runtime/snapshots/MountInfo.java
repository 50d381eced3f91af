package dev.bulkhead.runtime.snapshots;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * One line of {@code /proc/<pid>/mountinfo} (proc(5)): where a filesystem is mounted,
 * what it is, and with which options. Paths are unescaped (the kernel writes space, tab,
 * newline and backslash as octal escapes such as {@code \040}).
 */
public record MountInfo(int mountId, int parentId, String majorMinor, String root, Path mountPoint, String mountOptions,
		List<String> optionalFields, String fsType, String source, String superOptions) {

	public MountInfo {
		optionalFields = List.copyOf(optionalFields);
	}

	/** Reads every mount of a mountinfo file, e.g. {@code /proc/self/mountinfo}. */
	public static List<MountInfo> read(Path mountinfo) {
		try {
			return Files.readAllLines(mountinfo, StandardCharsets.UTF_8)
				.stream()
				.filter((line) -> !line.isBlank())
				.map(MountInfo::parse)
				.toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the mount table " + mountinfo, ex);
		}
	}

	public static MountInfo parse(String line) {
		String[] fields = line.trim().split(" ");
		int separator = indexOfSeparator(fields);
		if (separator < 6 || fields.length < separator + 3) {
			throw new InvalidArgumentException("malformed mountinfo line '" + line
					+ "': expected 'id parent major:minor root mountpoint options [optional...] - fstype source superoptions'");
		}
		try {
			List<String> optional = new ArrayList<>(List.of(fields).subList(6, separator));
			String superOptions = (fields.length > separator + 3) ? fields[separator + 3] : "";
			return new MountInfo(Integer.parseInt(fields[0]), Integer.parseInt(fields[1]), fields[2],
					unescape(fields[3]), Path.of(unescape(fields[4])), fields[5], optional, fields[separator + 1],
					unescape(fields[separator + 2]), superOptions);
		}
		catch (NumberFormatException ex) {
			throw new InvalidArgumentException("malformed mountinfo line '" + line + "': mount ids must be numbers",
					ex);
		}
	}

	private static int indexOfSeparator(String[] fields) {
		for (int i = 6; i < fields.length; i++) {
			if (fields[i].equals("-")) {
				return i;
			}
		}
		return -1;
	}

	/** Decodes the kernel's octal escapes; the bytes they stand for are UTF-8. */
	static String unescape(String field) {
		if (field.indexOf('\\') < 0) {
			return field;
		}
		byte[] raw = field.getBytes(StandardCharsets.UTF_8);
		ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
		for (int i = 0; i < raw.length; i++) {
			if (raw[i] == '\\' && i + 3 < raw.length && isOctal(raw[i + 1]) && isOctal(raw[i + 2])
					&& isOctal(raw[i + 3])) {
				out.write(((raw[i + 1] - '0') << 6) | ((raw[i + 2] - '0') << 3) | (raw[i + 3] - '0'));
				i += 3;
			}
			else {
				out.write(raw[i]);
			}
		}
		return out.toString(StandardCharsets.UTF_8);
	}

	private static boolean isOctal(byte b) {
		return b >= '0' && b <= '7';
	}

}

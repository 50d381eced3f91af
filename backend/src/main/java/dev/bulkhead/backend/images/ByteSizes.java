package dev.bulkhead.backend.images;

import java.util.Locale;

/** Byte counts for people: {@code 1.4 MiB}, {@code 812 B}; used by the templates. */
final class ByteSizes {

	static final ByteSizes INSTANCE = new ByteSizes();

	private static final String[] UNITS = { "KiB", "MiB", "GiB", "TiB" };

	private ByteSizes() {
	}

	public String human(Long bytes) {
		if (bytes == null) {
			return "";
		}
		if (bytes < 1024) {
			return bytes + " B";
		}
		double value = bytes;
		int unit = -1;
		while (value >= 1024 && unit < UNITS.length - 1) {
			value /= 1024;
			unit++;
		}
		return String.format(Locale.ROOT, "%.1f %s", value, UNITS[unit]);
	}

}

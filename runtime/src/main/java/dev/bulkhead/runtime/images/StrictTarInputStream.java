package dev.bulkhead.runtime.images;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that can tell a complete archive from a truncated one, and that tells the
 * entry names as the archive spells them. The base reader treats a stream that simply
 * stops between entries as a normal end; here only the all-zero end-of-archive record
 * counts as one. The base reader also drops a leading {@code /} from names that come from
 * a PAX {@code path} record or a GNU long name, which would hide an absolute name from
 * the unpacker; {@link #rawName()} keeps it.
 */
final class StrictTarInputStream extends TarArchiveInputStream {

	private boolean endMarkerSeen;

	/** The bytes of the PAX or GNU long-name entries read since the last real entry. */
	private final ByteArrayOutputStream extendedHeaders = new ByteArrayOutputStream();

	private String longName;

	private String paxPath;

	private String globalPaxPath;

	private String rawName;

	private TarArchiveEntry capturing;

	private int depth;

	StrictTarInputStream(InputStream in) {
		super(in);
	}

	@Override
	protected boolean isEOFRecord(byte[] record) {
		boolean end = super.isEOFRecord(record);
		if (end && record != null) {
			this.endMarkerSeen = true;
		}
		return end;
	}

	@Override
	public TarArchiveEntry getNextEntry() throws IOException {
		// The base reader calls this method again after a PAX or GNU long-name entry to
		// read the entry it describes; only the outermost call starts and ends an entry.
		boolean outermost = this.depth == 0;
		if (outermost) {
			this.longName = null;
			this.paxPath = null;
		}
		TarArchiveEntry entry;
		this.depth++;
		try {
			flush();
			entry = super.getNextEntry();
			flush();
		}
		finally {
			this.depth--;
		}
		if (!outermost) {
			return entry;
		}
		if (entry == null) {
			this.rawName = null;
		}
		else if (this.longName != null) {
			this.rawName = this.longName;
		}
		else if (this.paxPath != null) {
			this.rawName = this.paxPath;
		}
		else if (this.globalPaxPath != null) {
			this.rawName = this.globalPaxPath;
		}
		else {
			this.rawName = entry.getName();
		}
		return entry;
	}

	@Override
	public int read(byte[] buffer, int offset, int length) throws IOException {
		int read = super.read(buffer, offset, length);
		TarArchiveEntry current = getCurrentEntry();
		if (current != this.capturing) {
			flush();
		}
		if (read > 0 && current != null && isExtendedHeader(current)) {
			this.capturing = current;
			this.extendedHeaders.write(buffer, offset, read);
		}
		return read;
	}

	/**
	 * Whether the archive ended with its end-of-archive record rather than just stopping.
	 */
	boolean endMarkerSeen() {
		return this.endMarkerSeen;
	}

	/**
	 * The current entry's name exactly as the archive gives it (a leading {@code /}
	 * included), or null before the first entry.
	 */
	String rawName() {
		return this.rawName;
	}

	private static boolean isExtendedHeader(TarArchiveEntry entry) {
		return entry.isPaxHeader() || entry.isGlobalPaxHeader() || entry.isGNULongNameEntry();
	}

	private void flush() {
		TarArchiveEntry header = this.capturing;
		this.capturing = null;
		if (header == null) {
			this.extendedHeaders.reset();
			return;
		}
		byte[] data = this.extendedHeaders.toByteArray();
		this.extendedHeaders.reset();
		if (header.isGNULongNameEntry()) {
			int end = 0;
			while (end < data.length && data[end] != 0) {
				end++;
			}
			this.longName = new String(data, 0, end, StandardCharsets.UTF_8);
			return;
		}
		String path = paxRecord(data, "path");
		if (header.isGlobalPaxHeader()) {
			this.globalPaxPath = path;
		}
		else if (path != null) {
			this.paxPath = path;
		}
	}

	/**
	 * The value of one key in PAX extended header records
	 * ({@code "<length> key=value\n"}), or null. Malformed records end the search; the
	 * base reader reports them.
	 */
	private static String paxRecord(byte[] data, String key) {
		String value = null;
		int position = 0;
		while (position < data.length) {
			int space = position;
			int length = 0;
			while (space < data.length && data[space] >= '0' && data[space] <= '9' && length < 1 << 24) {
				length = length * 10 + (data[space] - '0');
				space++;
			}
			if (space >= data.length || data[space] != ' ' || length <= space - position
					|| position + length > data.length) {
				break;
			}
			String record = new String(data, space + 1, position + length - space - 2, StandardCharsets.UTF_8);
			int equals = record.indexOf('=');
			if (equals > 0 && record.substring(0, equals).equals(key)) {
				value = record.substring(equals + 1);
			}
			position += length;
		}
		return value;
	}

}

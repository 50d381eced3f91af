package dev.bulkhead.runtime.images;

import java.io.InputStream;

import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * A tar reader that can tell a complete archive from a truncated one. The base reader
 * treats a stream that simply stops between entries as a normal end; here only the
 * all-zero end-of-archive record counts as one.
 */
final class StrictTarInputStream extends TarArchiveInputStream {

	private boolean endMarkerSeen;

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

	/**
	 * Whether the archive ended with its end-of-archive record rather than just stopping.
	 */
	boolean endMarkerSeen() {
		return this.endMarkerSeen;
	}

}

package dev.bulkhead.runtime.images;

import java.io.BufferedInputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

import com.github.luben.zstd.ZstdInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * A layer's uncompressed tar stream: the compression (gzip, zstd or none) is told by the
 * first bytes, and the uncompressed bytes are digested (for the diff id) and counted,
 * failing with {@link SizeLimitExceededException} past a cap, while the tar reader pulls
 * them.
 */
final class UncompressedLayerStream extends FilterInputStream {

	private enum Compression {

		PLAIN, GZIP, ZSTD, XZ, BZIP2

	}

	private final MessageDigest sha256;

	private final long limit;

	private long count;

	/** Opens {@code layer}, refusing more than {@code limit} uncompressed bytes. */
	static UncompressedLayerStream open(InputStream layer, long limit) throws IOException {
		return new UncompressedLayerStream(decompress(new BufferedInputStream(layer, 1 << 16)), limit);
	}

	private static InputStream decompress(BufferedInputStream in) throws IOException {
		return switch (detect(in)) {
			case GZIP -> new GzipCompressorInputStream(in, true);
			case PLAIN -> in;
			// zstd-jni keeps its default window limit (128 MiB), so a frame cannot ask
			// for unbounded memory; the unpacked-size cap applies as for gzip.
			case ZSTD -> new ZstdInputStream(in);
			case XZ, BZIP2 -> throw new InvalidArgumentException(
					"layer is xz- or bzip2-compressed, which OCI images do not use; use gzip or uncompressed layers");
		};
	}

	private UncompressedLayerStream(InputStream in, long limit) {
		super(new DigestInputStream(in, newSha256()));
		this.sha256 = ((DigestInputStream) this.in).getMessageDigest();
		this.limit = limit;
	}

	@Override
	public int read() throws IOException {
		int b = this.in.read();
		if (b >= 0) {
			count(1);
		}
		return b;
	}

	@Override
	public int read(byte[] b, int off, int len) throws IOException {
		int n = this.in.read(b, off, len);
		if (n > 0) {
			count(n);
		}
		return n;
	}

	@Override
	public long skip(long n) throws IOException {
		// Skipped bytes are part of the diff id, so they are read, not skipped.
		byte[] buffer = new byte[8192];
		long skipped = 0;
		while (skipped < n) {
			int read = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
			if (read < 0) {
				break;
			}
			skipped += read;
		}
		return skipped;
	}

	@Override
	public boolean markSupported() {
		return false;
	}

	private void count(long n) throws SizeLimitExceededException {
		this.count += n;
		if (this.count > this.limit) {
			throw new SizeLimitExceededException(this.limit);
		}
	}

	Digest digest() {
		return Digest.sha256(HexFormat.of().formatHex(this.sha256.digest()));
	}

	private static MessageDigest newSha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

	private static Compression detect(BufferedInputStream in) throws IOException {
		in.mark(8);
		byte[] magic = in.readNBytes(6);
		in.reset();
		if (startsWith(magic, 0x1f, 0x8b)) {
			return Compression.GZIP;
		}
		if (startsWith(magic, 0x28, 0xb5, 0x2f, 0xfd)) {
			return Compression.ZSTD;
		}
		if (startsWith(magic, 0xfd, '7', 'z', 'X', 'Z', 0x00)) {
			return Compression.XZ;
		}
		if (startsWith(magic, 'B', 'Z', 'h')) {
			return Compression.BZIP2;
		}
		return Compression.PLAIN;
	}

	private static boolean startsWith(byte[] data, int... prefix) {
		if (data.length < prefix.length) {
			return false;
		}
		for (int i = 0; i < prefix.length; i++) {
			if ((data[i] & 0xff) != prefix[i]) {
				return false;
			}
		}
		return true;
	}

	/** Thrown from inside the stream so the tar reader cannot read past the cap. */
	static final class SizeLimitExceededException extends IOException {

		SizeLimitExceededException(long limit) {
			super("more than " + limit + " bytes");
		}

	}

}

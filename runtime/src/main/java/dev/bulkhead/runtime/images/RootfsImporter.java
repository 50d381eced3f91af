package dev.bulkhead.runtime.images;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Makes the blobs of a one-layer image from a root filesystem tar, as {@code docker
 * import} does: the tar (gzip-compressed or not) is stored gzip-compressed as the layer,
 * its uncompressed digest becomes the diff id, and a config and an OCI manifest are
 * written for it. The layer's content is checked when the store unpacks it.
 */
final class RootfsImporter {

	private final ContentStore content;

	private final ObjectMapper mapper;

	private final Platform platform;

	private final Clock clock;

	private final long maxBytes;

	private final List<Digest> added = new ArrayList<>();

	/**
	 * @param maxBytes the cap on the uncompressed tar, as for any layer
	 */
	RootfsImporter(ContentStore content, ObjectMapper mapper, Platform platform, Clock clock, long maxBytes) {
		this.maxBytes = maxBytes;
		this.content = content;
		this.mapper = mapper;
		this.platform = platform;
		this.clock = clock;
	}

	/** The blobs this import added to the content store. */
	List<Digest> added() {
		return List.copyOf(this.added);
	}

	/** Writes the layer, config and manifest; returns the manifest's digest. */
	Digest importTar(InputStream rootfs, ImportOptions options) {
		MessageDigest diff = sha256();
		MessageDigest blob = sha256();
		Digest layer;
		boolean existed;
		long layerSize;
		try (ContentStore.Ingestion ingestion = this.content.ingest()) {
			BufferedInputStream buffered = new BufferedInputStream(rootfs, 1 << 16);
			buffered.mark(2);
			boolean gzip = buffered.read() == 0x1f && buffered.read() == 0x8b;
			buffered.reset();
			long uncompressed;
			try (InputStream plain = gzip ? new GzipCompressorInputStream(buffered, true) : buffered;
					DigestInputStream digesting = new DigestInputStream(plain, diff);
					GZIPOutputStream compressed = new GZIPOutputStream(new DigestOutputStream(ingestion.stream(), blob),
							1 << 16)) {
				uncompressed = copy(digesting, compressed);
			}
			if (uncompressed == 0) {
				throw new InvalidArgumentException(
						"the body is empty; send a root filesystem as a tar (optionally gzip-compressed)");
			}
			layer = Digest.sha256(HexFormat.of().formatHex(blob.digest()));
			existed = this.content.exists(layer);
			ingestion.commit(layer, -1);
			layerSize = this.content.size(layer);
		}
		catch (IOException ex) {
			throw new InvalidArgumentException("the root filesystem tar could not be read: " + ex.getMessage(), ex);
		}
		if (!existed) {
			this.added.add(layer);
		}
		String diffId = Digest.sha256(HexFormat.of().formatHex(diff.digest())).toString();
		String created = DateTimeFormatter.ISO_INSTANT.format(this.clock.instant().truncatedTo(ChronoUnit.SECONDS));
		ImageConfig config = new ImageConfig(created, null, this.platform.architecture(), this.platform.os(),
				new ImageConfig.Config(null, null, options.env(), options.entrypoint(), options.cmd(), null, null, null,
						null),
				new ImageConfig.RootFs("layers", List.of(diffId)), List.of(new ImageConfig.History(created,
						"bulkhead import", null, "imported from a root filesystem tar", null)));
		Digest configDigest = write(this.mapper.writeValueAsBytes(config));
		Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST,
				new Descriptor(MediaTypes.OCI_CONFIG, configDigest.toString(), this.content.size(configDigest), null,
						null),
				List.of(new Descriptor(MediaTypes.OCI_LAYER_GZIP, layer.toString(), layerSize, null, null)), null);
		return write(this.mapper.writeValueAsBytes(manifest));
	}

	/** Copies up to the cap: a small gzip can hold a huge tar. */
	private long copy(InputStream in, java.io.OutputStream out) throws IOException {
		byte[] buffer = new byte[1 << 16];
		long total = 0;
		int read;
		while ((read = in.read(buffer)) >= 0) {
			total += read;
			if (total > this.maxBytes) {
				throw new InvalidArgumentException("the root filesystem tar is larger than the layer limit of "
						+ this.maxBytes + " bytes uncompressed; refusing it");
			}
			out.write(buffer, 0, read);
		}
		return total;
	}

	private Digest write(byte[] json) {
		Digest digest = Digest.sha256(HexFormat.of().formatHex(sha256().digest(json)));
		if (!this.content.exists(digest)) {
			this.content.write(json);
			this.added.add(digest);
		}
		return digest;
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

}

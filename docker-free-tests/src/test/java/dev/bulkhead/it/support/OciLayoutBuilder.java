package dev.bulkhead.it.support;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Builds small OCI image layout tars in memory, including hostile ones, for tests.
 */
public final class OciLayoutBuilder {

	private final List<byte[]> layers = new ArrayList<>();

	private String config = "{\"Cmd\":[\"sh\"]}";

	/** A layer entry: a file, directory or symlink. */
	public record Entry(String name, String content, String linkTarget, boolean directory) {

		public static Entry file(String name, String content) {
			return new Entry(name, content, null, false);
		}

		public static Entry symlink(String name, String target) {
			return new Entry(name, null, target, false);
		}

		public static Entry dir(String name) {
			return new Entry(name, null, null, true);
		}

	}

	public OciLayoutBuilder layer(Entry... entries) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			for (Entry entry : entries) {
				TarArchiveEntry header;
				if (entry.linkTarget() != null) {
					header = new TarArchiveEntry(entry.name(), TarArchiveEntry.LF_SYMLINK);
					header.setLinkName(entry.linkTarget());
					tar.putArchiveEntry(header);
				}
				else if (entry.directory()) {
					header = new TarArchiveEntry(entry.name().endsWith("/") ? entry.name() : entry.name() + "/");
					tar.putArchiveEntry(header);
				}
				else {
					byte[] content = entry.content().getBytes(StandardCharsets.UTF_8);
					header = new TarArchiveEntry(entry.name(), true);
					header.setSize(content.length);
					header.setMode(0644);
					tar.putArchiveEntry(header);
					tar.write(content);
				}
				tar.closeArchiveEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.layers.add(bytes.toByteArray());
		return this;
	}

	/** Adds a ready-made uncompressed layer tar (such as busybox's, see TestImages). */
	public OciLayoutBuilder rawLayer(byte[] tar) {
		this.layers.add(tar);
		return this;
	}

	/**
	 * Adds a layer with one directory of the given owner and mode and files in it (name,
	 * content) of the same owner.
	 */
	public OciLayoutBuilder ownedDirectoryLayer(String dir, int uid, int gid, int mode, String... filesAndContents) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			TarArchiveEntry header = new TarArchiveEntry(dir.endsWith("/") ? dir : dir + "/");
			header.setIds(uid, gid);
			header.setMode(040000 | mode);
			tar.putArchiveEntry(header);
			tar.closeArchiveEntry();
			for (int i = 0; i + 1 < filesAndContents.length; i += 2) {
				byte[] content = filesAndContents[i + 1].getBytes(StandardCharsets.UTF_8);
				TarArchiveEntry file = new TarArchiveEntry(dir + "/" + filesAndContents[i], true);
				file.setIds(uid, gid);
				file.setMode(0100644);
				file.setSize(content.length);
				tar.putArchiveEntry(file);
				tar.write(content);
				tar.closeArchiveEntry();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.layers.add(bytes.toByteArray());
		return this;
	}

	/** A layer holding one executable file (mode 0755), e.g. a static test program. */
	public OciLayoutBuilder executableLayer(String name, byte[] content) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
			TarArchiveEntry header = new TarArchiveEntry(name, true);
			header.setSize(content.length);
			header.setMode(0755);
			tar.putArchiveEntry(header);
			tar.write(content);
			tar.closeArchiveEntry();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		this.layers.add(bytes.toByteArray());
		return this;
	}

	/**
	 * The image config's {@code config} object as JSON (default {@code {"Cmd":["sh"]}}).
	 */
	public OciLayoutBuilder config(String configJson) {
		this.config = configJson;
		return this;
	}

	/** The OCI layout tar, named {@code reference}. */
	public byte[] build(String reference) {
		ByteArrayOutputStream bytes = new ByteArrayOutputStream();
		try (TarArchiveOutputStream tar = new TarArchiveOutputStream(bytes)) {
			StringBuilder diffIds = new StringBuilder();
			StringBuilder layerDescriptors = new StringBuilder();
			for (byte[] layer : this.layers) {
				String digest = sha256(layer);
				add(tar, "blobs/sha256/" + digest, layer);
				diffIds.append(diffIds.isEmpty() ? "" : ",").append("\"sha256:").append(digest).append('"');
				layerDescriptors.append(layerDescriptors.isEmpty() ? "" : ",")
					.append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"sha256:")
					.append(digest)
					.append("\",\"size\":")
					.append(layer.length)
					.append('}');
			}
			byte[] config = ("{\"architecture\":\"amd64\",\"os\":\"linux\",\"config\":" + this.config + ","
					+ "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}")
				.getBytes(StandardCharsets.UTF_8);
			String configDigest = sha256(config);
			add(tar, "blobs/sha256/" + configDigest, config);
			byte[] manifest = ("{\"schemaVersion\":2,\"mediaType\":\"application/vnd.oci.image.manifest.v1+json\","
					+ "\"config\":{\"mediaType\":\"application/vnd.oci.image.config.v1+json\",\"digest\":\"sha256:"
					+ configDigest + "\",\"size\":" + config.length + "},\"layers\":[" + layerDescriptors + "]}")
				.getBytes(StandardCharsets.UTF_8);
			String manifestDigest = sha256(manifest);
			add(tar, "blobs/sha256/" + manifestDigest, manifest);
			add(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
			add(tar, "index.json",
					("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
							+ "\"application/vnd.oci.image.manifest.v1+json\",\"digest\":\"sha256:" + manifestDigest
							+ "\",\"size\":" + manifest.length
							+ ",\"annotations\":{\"org.opencontainers.image.ref.name\":\"" + reference + "\"}}]}")
						.getBytes(StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return bytes.toByteArray();
	}

	private static void add(TarArchiveOutputStream tar, String name, byte[] content) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setSize(content.length);
		tar.putArchiveEntry(entry);
		tar.write(content);
		tar.closeArchiveEntry();
	}

	static String sha256(byte[] content) {
		try {
			return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

}

package dev.bulkhead.it.support;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;
import tools.jackson.databind.JsonNode;

/**
 * An image built by a test and pushed into a registry with {@link RegistryUpload}: the
 * busybox layer of {@link TestImages} (so that containers run) plus the layers the test
 * adds, and an image config naming their diff ids. Indexes over several pushed images are
 * made with {@link #pushIndex}.
 */
public final class RegistryImage {

	public static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";

	public static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";

	private static Layer busybox;

	/** One layer blob as it goes to the registry, with the diff id the config names. */
	public record Layer(String mediaType, byte[] blob, Path file, String diffId) {

		public static Layer of(String mediaType, byte[] tar) {
			byte[] blob = switch (mediaType) {
				case LayerTar.GZIP -> LayerTar.gzip(tar);
				case LayerTar.ZSTD -> LayerTar.zstd(tar);
				default -> tar;
			};
			return new Layer(mediaType, blob, null, "sha256:" + RegistryUpload.sha256(tar));
		}

	}

	/** A pushed manifest and the platform its config names. */
	public record Pushed(RegistryUpload.Blob manifest, String os, String architecture, String variant) {

		public String digest() {
			return this.manifest.digest();
		}

	}

	private final List<Layer> layers = new ArrayList<>();

	private String architecture = hostArchitecture();

	private String variant;

	private String diffIdOverride;

	public RegistryImage() {
		this.layers.add(busyboxLayer());
	}

	/** The host's architecture as OCI names it. */
	public static String hostArchitecture() {
		return switch (System.getProperty("os.arch")) {
			case "amd64", "x86_64" -> "amd64";
			case "aarch64", "arm64" -> "arm64";
			default -> System.getProperty("os.arch");
		};
	}

	public RegistryImage layer(String mediaType, LayerTar tar) {
		this.layers.add(Layer.of(mediaType, tar.tar()));
		return this;
	}

	public RegistryImage layer(Layer layer) {
		this.layers.add(layer);
		return this;
	}

	public RegistryImage platform(String architecture, String variant) {
		this.architecture = architecture;
		this.variant = variant;
		return this;
	}

	/** Makes the config name this diff id for the last layer (a lying image). */
	public RegistryImage claimLastDiffId(String diffId) {
		this.diffIdOverride = diffId;
		return this;
	}

	public Pushed push(RegistryUpload upload, String repository, String tag) {
		StringBuilder descriptors = new StringBuilder();
		StringBuilder diffIds = new StringBuilder();
		for (int i = 0; i < this.layers.size(); i++) {
			Layer layer = this.layers.get(i);
			RegistryUpload.Blob blob = (layer.file() != null) ? upload.blob(repository, layer.mediaType(), layer.file())
					: upload.blob(repository, layer.mediaType(), layer.blob());
			descriptors.append(descriptors.isEmpty() ? "" : ",").append(blob.descriptor());
			String diffId = (i == this.layers.size() - 1 && this.diffIdOverride != null) ? this.diffIdOverride
					: layer.diffId();
			diffIds.append(diffIds.isEmpty() ? "" : ",").append('"').append(diffId).append('"');
		}
		String config = "{\"architecture\":\"" + this.architecture + "\","
				+ ((this.variant != null) ? "\"variant\":\"" + this.variant + "\"," : "")
				+ "\"os\":\"linux\",\"config\":{\"Env\":[\"PATH=/bin\"],\"Cmd\":[\"sh\"]},"
				+ "\"rootfs\":{\"type\":\"layers\",\"diff_ids\":[" + diffIds + "]}}";
		RegistryUpload.Blob configBlob = upload.blob(repository, "application/vnd.oci.image.config.v1+json",
				config.getBytes(java.nio.charset.StandardCharsets.UTF_8));
		String manifest = "{\"schemaVersion\":2,\"mediaType\":\"" + OCI_MANIFEST + "\",\"config\":"
				+ configBlob.descriptor() + ",\"layers\":[" + descriptors + "]}";
		return new Pushed(upload.manifest(repository, tag, OCI_MANIFEST, manifest), "linux", this.architecture,
				this.variant);
	}

	/** Pushes an OCI index over already pushed manifests, each with its platform. */
	public static RegistryUpload.Blob pushIndex(RegistryUpload upload, String repository, String tag,
			List<Pushed> manifests) {
		StringBuilder entries = new StringBuilder();
		for (Pushed pushed : manifests) {
			String descriptor = pushed.manifest().descriptor();
			entries.append(entries.isEmpty() ? "" : ",")
				.append(descriptor, 0, descriptor.length() - 1)
				.append(",\"platform\":{\"os\":\"")
				.append(pushed.os())
				.append("\",\"architecture\":\"")
				.append(pushed.architecture())
				.append('"')
				.append((pushed.variant() != null) ? ",\"variant\":\"" + pushed.variant() + "\"" : "")
				.append("}}");
		}
		return upload.manifest(repository, tag, OCI_INDEX,
				"{\"schemaVersion\":2,\"mediaType\":\"" + OCI_INDEX + "\",\"manifests\":[" + entries + "]}");
	}

	/**
	 * An uncompressed layer holding one file of {@code bytes} pseudo-random bytes from a
	 * fixed seed (incompressible, the same every run), written once under target/.
	 */
	public static synchronized Layer randomFileLayer(String name, long bytes, long seed) {
		Path file = Path.of("target", "images", "random-" + seed + "-" + bytes + ".tar").toAbsolutePath();
		try {
			if (!Files.isRegularFile(file)) {
				Files.createDirectories(file.getParent());
				Path partial = Files.createTempFile(file.getParent(), "random-", ".part");
				try (OutputStream out = Files.newOutputStream(partial);
						TarArchiveOutputStream tar = new TarArchiveOutputStream(out)) {
					TarArchiveEntry entry = new TarArchiveEntry(name, TarConstants.LF_NORMAL);
					entry.setSize(bytes);
					entry.setMode(0644);
					tar.putArchiveEntry(entry);
					Random random = new Random(seed);
					byte[] buffer = new byte[1 << 20];
					for (long written = 0; written < bytes; written += buffer.length) {
						random.nextBytes(buffer);
						tar.write(buffer, 0, (int) Math.min(buffer.length, bytes - written));
					}
					tar.closeArchiveEntry();
					tar.finish();
				}
				Files.move(partial, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
			}
			return new Layer(LayerTar.TAR, null, file, "sha256:" + RegistryUpload.sha256(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The sha256 of the file inside {@link #randomFileLayer}, as sha256sum prints it. */
	public static String randomFileSha256(long bytes, long seed) {
		java.security.MessageDigest sha;
		try {
			sha = java.security.MessageDigest.getInstance("SHA-256");
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
		Random random = new Random(seed);
		byte[] buffer = new byte[1 << 20];
		for (long written = 0; written < bytes; written += buffer.length) {
			random.nextBytes(buffer);
			sha.update(buffer, 0, (int) Math.min(buffer.length, bytes - written));
		}
		return java.util.HexFormat.of().formatHex(sha.digest());
	}

	/** The gzip layer of the busybox test image, read from its OCI layout tar. */
	static synchronized Layer busyboxLayer() {
		if (busybox == null) {
			Map<String, byte[]> files = new HashMap<>();
			try (TarArchiveInputStream tar = new TarArchiveInputStream(
					new ByteArrayInputStream(TestImages.busyboxTar()))) {
				TarArchiveEntry entry;
				while ((entry = tar.getNextEntry()) != null) {
					if (entry.isFile()) {
						files.put(entry.getName().replaceFirst("^\\./", ""), tar.readAllBytes());
					}
				}
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			JsonNode index = Api.JSON.readTree(files.get("index.json"));
			JsonNode manifest = Api.JSON.readTree(blob(files, index.get("manifests").get(0)));
			JsonNode config = Api.JSON.readTree(blob(files, manifest.get("config")));
			JsonNode layer = manifest.get("layers").get(0);
			busybox = new Layer(layer.get("mediaType").asString(), blob(files, layer), null,
					config.get("rootfs").get("diff_ids").get(0).asString());
		}
		return busybox;
	}

	private static byte[] blob(Map<String, byte[]> files, JsonNode descriptor) {
		return files.get("blobs/sha256/" + descriptor.get("digest").asString().substring("sha256:".length()));
	}

}

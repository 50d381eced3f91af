package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.FailedPreconditionException;

/**
 * Writes images as a tar that {@code docker load}, skopeo and this store's own load
 * accept, streaming each blob from the content store. A docker archive holds
 * {@code manifest.json}, the config and each layer uncompressed under its diff id (as
 * {@code docker save} has since Docker 25, at {@code blobs/sha256/<hex>}); an OCI layout
 * holds the manifest, config and layers byte for byte as stored, so the manifest digest
 * stays the same. Entries have fixed owners and times, so the same images give the same
 * tar.
 */
final class ImageArchiveWriter {

	private static final Instant EPOCH = Instant.EPOCH;

	private final ContentStore content;

	private final ObjectMapper mapper;

	ImageArchiveWriter(ContentStore content, ObjectMapper mapper) {
		this.content = content;
		this.mapper = mapper;
	}

	/**
	 * One image to write.
	 *
	 * @param manifestDigest the digest of its manifest
	 * @param image the manifest and config
	 * @param references its familiar names (may be empty)
	 */
	record Saved(Digest manifestDigest, ResolvedImage image, List<String> references) {
	}

	void write(List<Saved> images, ArchiveFormat format, OutputStream out) {
		if (format == ArchiveFormat.DOCKER_ARCHIVE) {
			// Refused before the first byte, while the caller can still answer with an
			// error.
			images.forEach((saved) -> saved.image().manifest().layers().forEach(ImageArchiveWriter::checkNotZstd));
		}
		try {
			TarArchiveOutputStream tar = new TarArchiveOutputStream(out);
			tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
			tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
			directory(tar, "blobs/");
			directory(tar, "blobs/sha256/");
			if (format == ArchiveFormat.OCI) {
				writeOciLayout(images, tar);
			}
			else {
				writeDockerArchive(images, tar);
			}
			tar.finish();
			tar.flush();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("writing the image archive failed", ex);
		}
	}

	private void writeOciLayout(List<Saved> images, TarArchiveOutputStream tar) throws IOException {
		Set<Digest> written = new HashSet<>();
		List<Map<String, Object>> manifests = new ArrayList<>();
		for (Saved saved : images) {
			for (Digest blob : saved.image().blobs(saved.manifestDigest())) {
				if (written.add(blob)) {
					blob(tar, blob);
				}
			}
			String mediaType = (saved.image().manifest().mediaType() != null) ? saved.image().manifest().mediaType()
					: MediaTypes.OCI_MANIFEST;
			List<String> names = tags(saved.references());
			if (names.isEmpty()) {
				manifests.add(descriptor(mediaType, saved.manifestDigest(), null));
			}
			for (String name : names) {
				Map<String, String> annotations = new LinkedHashMap<>();
				annotations.put(MediaTypes.CONTAINERD_IMAGE_NAME_ANNOTATION, fullName(name));
				annotations.put(MediaTypes.REF_NAME_ANNOTATION, name.substring(name.lastIndexOf(':') + 1));
				manifests.add(descriptor(mediaType, saved.manifestDigest(), annotations));
			}
		}
		Map<String, Object> index = new LinkedHashMap<>();
		index.put("schemaVersion", 2);
		index.put("mediaType", MediaTypes.OCI_INDEX);
		index.put("manifests", manifests);
		file(tar, "index.json", this.mapper.writeValueAsBytes(index));
		file(tar, "oci-layout", "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8));
	}

	private Map<String, Object> descriptor(String mediaType, Digest digest, Map<String, String> annotations) {
		Map<String, Object> descriptor = new LinkedHashMap<>();
		descriptor.put("mediaType", mediaType);
		descriptor.put("digest", digest.toString());
		descriptor.put("size", this.content.size(digest));
		if (annotations != null) {
			descriptor.put("annotations", annotations);
		}
		return descriptor;
	}

	private void writeDockerArchive(List<Saved> images, TarArchiveOutputStream tar) throws IOException {
		Set<String> written = new HashSet<>();
		List<DockerArchiveEntry> entries = new ArrayList<>();
		for (Saved saved : images) {
			ResolvedImage image = saved.image();
			String configPath = blobPath(image.configDigest());
			if (written.add(configPath)) {
				blob(tar, image.configDigest());
			}
			List<String> layers = new ArrayList<>();
			List<String> diffIds = image.config().rootfs().diffIds();
			for (int i = 0; i < image.manifest().layers().size(); i++) {
				Descriptor layer = image.manifest().layers().get(i);
				String path = blobPath(Digest.parse(diffIds.get(i)));
				if (written.add(path)) {
					uncompressedLayer(tar, path, layer);
				}
				layers.add(path);
			}
			entries.add(new DockerArchiveEntry(configPath, tags(saved.references()), layers));
		}
		file(tar, "manifest.json", this.mapper.writeValueAsBytes(entries));
	}

	/**
	 * A layer as a plain tar: docker and skopeo read a docker archive's layers that way.
	 * The size must precede the bytes, so a compressed layer is read twice.
	 */
	private void uncompressedLayer(TarArchiveOutputStream tar, String path, Descriptor layer) throws IOException {
		Digest digest = layer.parsedDigest();
		long size;
		try (InputStream in = uncompressed(layer)) {
			size = in.transferTo(OutputStream.nullOutputStream());
		}
		TarArchiveEntry entry = entry(path, size);
		tar.putArchiveEntry(entry);
		try (InputStream in = uncompressed(layer)) {
			long copied = in.transferTo(tar);
			if (copied != size) {
				throw new IOException("layer " + digest + " changed while it was being saved");
			}
		}
		tar.closeArchiveEntry();
	}

	private InputStream uncompressed(Descriptor layer) throws IOException {
		checkNotZstd(layer);
		InputStream in = this.content.open(layer.parsedDigest());
		String type = layer.mediaType();
		if (type != null && type.endsWith("gzip")) {
			return new GzipCompressorInputStream(in, true);
		}
		return in;
	}

	private static void checkNotZstd(Descriptor layer) {
		if (layer.mediaType() != null && layer.mediaType().endsWith("zstd")) {
			throw new FailedPreconditionException("layer " + layer.digest() + " is zstd-compressed, which a docker "
					+ "archive cannot carry here; save the image with format=oci");
		}
	}

	private void blob(TarArchiveOutputStream tar, Digest digest) throws IOException {
		TarArchiveEntry entry = entry(blobPath(digest), this.content.size(digest));
		tar.putArchiveEntry(entry);
		try (InputStream in = this.content.open(digest)) {
			in.transferTo(tar);
		}
		tar.closeArchiveEntry();
	}

	private static void file(TarArchiveOutputStream tar, String name, byte[] bytes) throws IOException {
		tar.putArchiveEntry(entry(name, bytes.length));
		tar.write(bytes);
		tar.closeArchiveEntry();
	}

	private static void directory(TarArchiveOutputStream tar, String name) throws IOException {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setMode(040755);
		entry.setModTime(EPOCH.toEpochMilli());
		tar.putArchiveEntry(entry);
		tar.closeArchiveEntry();
	}

	private static TarArchiveEntry entry(String name, long size) {
		TarArchiveEntry entry = new TarArchiveEntry(name);
		entry.setSize(size);
		entry.setMode(0100644);
		entry.setModTime(EPOCH.toEpochMilli());
		entry.setIds(0, 0);
		return entry;
	}

	private static String blobPath(Digest digest) {
		return "blobs/" + digest.algorithm() + "/" + digest.hex();
	}

	/** The names that can be tags in an archive: not those pinned by digest. */
	private static List<String> tags(List<String> references) {
		return references.stream().filter((name) -> name.indexOf('@') < 0).toList();
	}

	/**
	 * {@code busybox:latest} as containerd writes it: docker.io/library/busybox:latest.
	 */
	static String fullName(String familiar) {
		int slash = familiar.indexOf('/');
		String first = (slash > 0) ? familiar.substring(0, slash) : "";
		boolean hasDomain = slash > 0 && (first.contains(".") || first.contains(":") || first.equals("localhost"));
		if (hasDomain) {
			return familiar;
		}
		return "docker.io/" + ((slash < 0) ? "library/" : "") + familiar;
	}

}

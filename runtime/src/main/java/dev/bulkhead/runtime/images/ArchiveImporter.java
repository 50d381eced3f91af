package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;

import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * Reads an extracted image archive, OCI image layout or {@code docker save}, and ingests
 * the blobs of each image it holds into the content store with their digests verified. A
 * docker archive's images get a synthesized OCI manifest, so the store holds one format.
 * Every blob this import added is recorded so that a failed load can remove it.
 */
final class ArchiveImporter {

	private static final int MAX_JSON_BYTES = 8 << 20;

	private static final Set<String> LAYER_TYPES = Set.of(MediaTypes.OCI_LAYER, MediaTypes.OCI_LAYER_GZIP,
			MediaTypes.OCI_LAYER_ZSTD, MediaTypes.DOCKER_LAYER_GZIP, "application/vnd.docker.image.rootfs.diff.tar",
			"application/vnd.oci.image.layer.nondistributable.v1.tar+gzip",
			"application/vnd.docker.image.rootfs.foreign.diff.tar.gzip");

	private final ExtractedArchive archive;

	private final ContentStore content;

	private final ObjectMapper mapper;

	private final Platform platform;

	private final List<Digest> added = new ArrayList<>();

	ArchiveImporter(ExtractedArchive archive, ContentStore content, ObjectMapper mapper, Platform platform) {
		this.archive = archive;
		this.content = content;
		this.mapper = mapper;
		this.platform = platform;
	}

	/** One image found in the archive: its familiar references and manifest digest. */
	record Imported(List<String> references, Digest manifest) {
	}

	/** The blobs this import put into the content store that were not there before. */
	List<Digest> added() {
		return List.copyOf(this.added);
	}

	List<Imported> importAll() {
		if (this.archive.has("oci-layout") && this.archive.has("index.json")) {
			return importOciLayout();
		}
		if (this.archive.has("manifest.json")) {
			return importDockerArchive();
		}
		throw new InvalidArgumentException("unknown image archive format: expected an OCI image layout (oci-layout "
				+ "and index.json) or a docker save archive (manifest.json)");
	}

	private List<Imported> importOciLayout() {
		ImageIndex index = parse(this.archive.read("index.json", "the OCI layout's index", MAX_JSON_BYTES),
				ImageIndex.class, "index.json");
		List<Descriptor> candidates = index.manifests()
			.stream()
			.filter((d) -> d.platform() == null || this.platform.matches(d.platform()))
			.toList();
		if (candidates.isEmpty()) {
			throw noPlatform("index.json", index);
		}
		List<Imported> imported = new ArrayList<>();
		for (Descriptor descriptor : candidates) {
			Descriptor manifest = descriptor;
			if (MediaTypes.isIndex(descriptor.mediaType())) {
				ImageIndex nested = parse(readVerified(descriptor, "image index"), ImageIndex.class,
						"image index " + descriptor.digest());
				manifest = nested.manifests()
					.stream()
					.filter((d) -> MediaTypes.isManifest(d.mediaType()) && this.platform.matches(d.platform()))
					.findFirst()
					.orElseThrow(() -> noPlatform("image index " + descriptor.digest(), nested));
			}
			else if (!MediaTypes.isManifest(descriptor.mediaType())) {
				throw new InvalidArgumentException("index.json lists " + descriptor.digest() + " with media type '"
						+ descriptor.mediaType() + "', which is neither an image manifest nor an index");
			}
			Digest manifestDigest = ingestManifest(manifest);
			imported.add(new Imported(references(descriptor), manifestDigest));
		}
		return imported;
	}

	private InvalidArgumentException noPlatform(String where, ImageIndex index) {
		String available = index.platformsListed();
		return new InvalidArgumentException(where + " has no image for this host's platform " + this.platform
				+ (available.isEmpty() ? "" : " (it has " + available + ")") + "; load an image built for "
				+ this.platform);
	}

	private List<String> references(Descriptor descriptor) {
		String name = descriptor.annotation(MediaTypes.CONTAINERD_IMAGE_NAME_ANNOTATION);
		if (name == null) {
			name = descriptor.annotation(MediaTypes.REF_NAME_ANNOTATION);
		}
		return (name != null) ? List.of(References.normalize(name)) : List.of();
	}

	private Digest ingestManifest(Descriptor descriptor) {
		Digest digest = ingestFromLayout(descriptor, "image manifest");
		Manifest manifest = parse(readBlob(digest), Manifest.class, "image manifest " + digest);
		if (manifest.config() == null) {
			throw new InvalidArgumentException("image manifest " + digest + " has no config; the image is malformed");
		}
		ingestFromLayout(manifest.config(), "image config of manifest " + digest);
		ImageConfig config = parse(readBlob(manifest.config().parsedDigest()), ImageConfig.class,
				"image config " + manifest.config().digest());
		checkLayers(manifest, config, digest.toString());
		for (int i = 0; i < manifest.layers().size(); i++) {
			Descriptor layer = manifest.layers().get(i);
			ingestFromLayout(layer, "layer " + (i + 1) + " of manifest " + digest);
		}
		return digest;
	}

	private void checkLayers(Manifest manifest, ImageConfig config, String image) {
		int diffIds = (config.rootfs() != null && config.rootfs().diffIds() != null) ? config.rootfs().diffIds().size()
				: 0;
		if (diffIds != manifest.layers().size()) {
			throw new InvalidArgumentException("image " + image + " has " + manifest.layers().size()
					+ " layers but its config lists " + diffIds + " diff ids; the image is malformed");
		}
		for (Descriptor layer : manifest.layers()) {
			if (!LAYER_TYPES.contains(layer.mediaType())) {
				throw new InvalidArgumentException("layer " + layer.digest() + " of image " + image
						+ " has the media type '" + layer.mediaType() + "', which is not an image layer");
			}
		}
	}

	private List<Imported> importDockerArchive() {
		DockerArchiveEntry[] entries = parse(
				this.archive.read("manifest.json", "the docker archive's manifest", MAX_JSON_BYTES),
				DockerArchiveEntry[].class, "manifest.json");
		if (entries.length == 0) {
			throw new InvalidArgumentException("manifest.json of the docker archive lists no images");
		}
		List<Imported> imported = new ArrayList<>();
		for (DockerArchiveEntry entry : entries) {
			if (entry.config() == null) {
				throw new InvalidArgumentException("an image in manifest.json has no Config; the archive is malformed");
			}
			Path configFile = this.archive.file(entry.config(), "image config");
			Digest configDigest = ingestFile(configFile);
			ImageConfig config = parse(readBlob(configDigest), ImageConfig.class, "image config " + entry.config());
			List<Descriptor> layers = new ArrayList<>();
			for (String layerPath : entry.layers()) {
				Path layerFile = this.archive.file(layerPath, "layer of " + entry.config());
				Digest layerDigest = ingestFile(layerFile);
				String mediaType = isGzip(layerFile) ? MediaTypes.OCI_LAYER_GZIP : MediaTypes.OCI_LAYER;
				layers
					.add(new Descriptor(mediaType, layerDigest.toString(), this.content.size(layerDigest), null, null));
			}
			Manifest manifest = new Manifest(2, MediaTypes.OCI_MANIFEST, new Descriptor(MediaTypes.OCI_CONFIG,
					configDigest.toString(), this.content.size(configDigest), null, null), layers, null);
			checkLayers(manifest, config, entry.config());
			Digest manifestDigest = writeBlob(this.mapper.writeValueAsBytes(manifest));
			List<String> references = entry.repoTags().stream().map(References::normalize).toList();
			imported.add(new Imported(references, manifestDigest));
		}
		return imported;
	}

	private byte[] readVerified(Descriptor descriptor, String what) {
		Digest digest = descriptor.parsedDigest();
		byte[] bytes = this.archive.read(blobPath(digest), what + " " + digest, MAX_JSON_BYTES);
		Digest actual = Digest.sha256(hex(sha256().digest(bytes)));
		if (!actual.equals(digest) || bytes.length != descriptor.size()) {
			throw new InvalidArgumentException("digest mismatch for " + what + ": expected " + digest + " ("
					+ descriptor.size() + " bytes) but the archive holds " + actual + " (" + bytes.length
					+ " bytes); the archive is corrupt");
		}
		return bytes;
	}

	private Digest ingestFromLayout(Descriptor descriptor, String what) {
		Digest digest = descriptor.parsedDigest();
		if (this.content.exists(digest)) {
			return digest;
		}
		Path file = this.archive.file(blobPath(digest), what);
		try (ContentStore.Ingestion ingestion = this.content.ingest(); InputStream in = Files.newInputStream(file)) {
			in.transferTo(ingestion.stream());
			ingestion.commit(digest, descriptor.size());
		}
		catch (InvalidArgumentException ex) {
			throw new InvalidArgumentException(what + " (" + blobPath(digest) + "): " + ex.getMessage(), ex);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot ingest " + file, ex);
		}
		this.added.add(digest);
		return digest;
	}

	private Digest ingestFile(Path file) {
		Digest digest;
		try (InputStream in = new DigestInputStream(Files.newInputStream(file), sha256())) {
			in.transferTo(java.io.OutputStream.nullOutputStream());
			digest = Digest.sha256(hex(((DigestInputStream) in).getMessageDigest().digest()));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
		if (this.content.exists(digest)) {
			return digest;
		}
		try (ContentStore.Ingestion ingestion = this.content.ingest(); InputStream in = Files.newInputStream(file)) {
			in.transferTo(ingestion.stream());
			ingestion.commit(digest, Files.size(file));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot ingest " + file, ex);
		}
		this.added.add(digest);
		return digest;
	}

	private Digest writeBlob(byte[] bytes) {
		Digest digest = Digest.sha256(hex(sha256().digest(bytes)));
		if (!this.content.exists(digest)) {
			this.content.write(bytes);
			this.added.add(digest);
		}
		return digest;
	}

	private byte[] readBlob(Digest digest) {
		try (InputStream in = this.content.open(digest)) {
			return in.readNBytes(MAX_JSON_BYTES + 1);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read blob " + digest, ex);
		}
	}

	private <T> T parse(byte[] json, Class<T> type, String what) {
		return ImageJson.parse(this.mapper, json, MAX_JSON_BYTES, type, what);
	}

	private static boolean isGzip(Path file) {
		try (InputStream in = Files.newInputStream(file)) {
			return in.read() == 0x1f && in.read() == 0x8b;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read " + file, ex);
		}
	}

	private static String blobPath(Digest digest) {
		return "blobs/" + digest.algorithm() + "/" + digest.hex();
	}

	private static MessageDigest sha256() {
		try {
			return MessageDigest.getInstance("SHA-256");
		}
		catch (NoSuchAlgorithmException ex) {
			throw new IllegalStateException("every Java platform provides SHA-256", ex);
		}
	}

	private static String hex(byte[] bytes) {
		return HexFormat.of().formatHex(bytes);
	}

}

package dev.bulkhead.runtime.volumes;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.ConflictException;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.state.AtomicFiles;
import dev.bulkhead.runtime.state.FileTrees;

/**
 * Volumes as directories under {@code <data-root>/volumes}: {@code <name>/volume.json}
 * (the record, written atomically) and {@code <name>/_data} (what containers see). A
 * directory without a readable record is a volume whose creation did not finish and is
 * not listed. Removal renames the directory aside before deleting it, so a crash half-way
 * leaves no half-deleted volume under its name.
 */
public final class LocalVolumeStore implements VolumeStore {

	private static final Logger log = LoggerFactory.getLogger(LocalVolumeStore.class);

	/** Docker's rule for volume names, up to 128 characters. */
	static final Pattern NAME = Pattern.compile("[a-zA-Z0-9][a-zA-Z0-9_.-]{0,127}");

	private static final String RECORD = "volume.json";

	private static final String REMOVING = ".removing-";

	private final Path root;

	private final JsonMapper json;

	public LocalVolumeStore(Path dataRoot, JsonMapper json) {
		this.root = dataRoot.resolve("volumes");
		this.json = json;
		try {
			Files.createDirectories(this.root);
			Files.setPosixFilePermissions(this.root, PosixFilePermissions.fromString("rwx------"));
			try (DirectoryStream<Path> leftovers = Files.newDirectoryStream(this.root, REMOVING + "*")) {
				for (Path leftover : leftovers) {
					FileTrees.delete(leftover);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot prepare " + this.root, ex);
		}
	}

	/** Checks a volume name as given by a user. */
	public static void validateName(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			throw new InvalidArgumentException("volume name '" + name
					+ "' is not valid: use 1 to 128 letters, digits, '_', '.' and '-', starting with a letter or digit");
		}
	}

	@Override
	public synchronized Volume create(String name, Map<String, String> labels, Volume.Owner owner) {
		validateName(name);
		return make(name, labels, owner, false);
	}

	@Override
	public synchronized Volume createAnonymous(Map<String, String> labels, Volume.Owner owner) {
		byte[] random = new byte[32];
		new java.security.SecureRandom().nextBytes(random);
		return make(HexFormat.of().formatHex(random), labels, owner, true);
	}

	private Volume make(String name, Map<String, String> labels, Volume.Owner owner, boolean anonymous) {
		validateLabels(labels);
		Path dir = this.root.resolve(name);
		try {
			Files.createDirectory(dir);
		}
		catch (FileAlreadyExistsException ex) {
			throw new ConflictException("a volume named '" + name + "' already exists; choose another name");
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot create the volume directory " + dir, ex);
		}
		try {
			Path data = dir.resolve("_data");
			Files.createDirectory(data);
			Files.setPosixFilePermissions(data, PosixFilePermissions.fromString("rwxr-xr-x"));
			Volume volume = new Volume(name, Volume.LOCAL_DRIVER, labels, Instant.now(), owner, anonymous, false);
			save(volume);
			return volume;
		}
		catch (IOException | RuntimeException ex) {
			FileTrees.delete(dir);
			if (ex instanceof IOException io) {
				throw new UncheckedIOException("cannot create the volume " + name, io);
			}
			throw (RuntimeException) ex;
		}
	}

	@Override
	public synchronized List<Volume> list() {
		List<Volume> volumes = new ArrayList<>();
		try (DirectoryStream<Path> dirs = Files.newDirectoryStream(this.root)) {
			for (Path dir : dirs) {
				String name = dir.getFileName().toString();
				if (!name.startsWith(".")) {
					read(name).ifPresent(volumes::add);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot list volumes under " + this.root, ex);
		}
		volumes.sort(java.util.Comparator.comparing(Volume::name));
		return volumes;
	}

	@Override
	public synchronized Volume get(String name) {
		return find(name).orElseThrow(
				() -> new NotFoundException("no volume named '" + name + "'; list them with GET /api/v1/volumes"));
	}

	@Override
	public synchronized Optional<Volume> find(String name) {
		if (name == null || !NAME.matcher(name).matches()) {
			return Optional.empty();
		}
		return read(name);
	}

	@Override
	public Path mountpoint(String name) {
		validateName(name);
		return this.root.resolve(name).resolve("_data");
	}

	@Override
	public long sizeBytes(String name) {
		Path data = mountpoint(get(name).name());
		long[] total = { 0 };
		Set<Object> seen = new HashSet<>();
		try {
			Files.walkFileTree(data, new SimpleFileVisitor<>() {

				@Override
				public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
					Object key = attrs.fileKey();
					if (key == null || seen.add(key)) {
						total[0] += attrs.size();
					}
					return FileVisitResult.CONTINUE;
				}

				@Override
				public FileVisitResult visitFileFailed(Path file, IOException ex) {
					// A file removed by a running container while we walk: not counted.
					return FileVisitResult.CONTINUE;
				}

			});
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot measure the volume " + name, ex);
		}
		return total[0];
	}

	@Override
	public synchronized Volume markPopulated(String name) {
		Volume populated = get(name).markPopulated();
		save(populated);
		return populated;
	}

	@Override
	public synchronized void remove(String name) {
		Volume volume = get(name);
		Path dir = this.root.resolve(volume.name());
		Path aside = this.root.resolve(REMOVING + volume.name());
		try {
			Files.move(dir, aside, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot remove the volume " + name, ex);
		}
		try {
			FileTrees.deleteOrThrow(aside);
		}
		catch (IOException ex) {
			// The name is free already; what is left is deleted at the next start.
			log.warn("Could not delete all of the removed volume {}: {}", name, ex.getMessage());
		}
	}

	private Optional<Volume> read(String name) {
		Path file = this.root.resolve(name).resolve(RECORD);
		if (!Files.isRegularFile(file)) {
			return Optional.empty();
		}
		try {
			return Optional.of(this.json.readValue(file.toFile(), Volume.class));
		}
		catch (RuntimeException ex) {
			log.warn("Skipping the unreadable volume record {}: {}", file, ex.getMessage());
			return Optional.empty();
		}
	}

	private void save(Volume volume) {
		AtomicFiles.write(this.root.resolve(volume.name()).resolve(RECORD),
				this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(volume));
	}

	private static void validateLabels(Map<String, String> labels) {
		if (labels == null) {
			return;
		}
		for (Map.Entry<String, String> label : labels.entrySet()) {
			if (label.getKey() == null || label.getKey().isBlank() || label.getKey().length() > 256) {
				throw new InvalidArgumentException("labels: a label key must be 1 to 256 characters");
			}
			if (label.getValue() == null || label.getValue().length() > 4096) {
				throw new InvalidArgumentException(
						"labels: the value of '" + label.getKey() + "' must be given and at most 4096 characters");
			}
		}
	}

}

package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.events.EventSink;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.state.AtomicFiles;

/**
 * Container records: one {@code container.json} per container directory, written
 * atomically, cached in memory and reloaded from disk when the server starts.
 */
public final class ContainerStore {

	private static final Pattern HEX_PREFIX = Pattern.compile("[a-f0-9]{1,64}");

	private final Path root;

	private final JsonMapper json;

	private final Map<String, Container> byId = new ConcurrentHashMap<>();

	private final ContainerEvents events;

	/** Without events: nothing is told of what happens to containers. */
	public ContainerStore(Path containersRoot, JsonMapper json) {
		this(containersRoot, json, EventSink.NONE);
	}

	/**
	 * @param events told of every container's lifecycle; a record saved for the first
	 * time is a {@code create}, one saved under another name a {@code rename}, one
	 * forgotten a {@code destroy}
	 */
	public ContainerStore(Path containersRoot, JsonMapper json, EventSink events) {
		this.root = containersRoot;
		this.json = json;
		this.events = new ContainerEvents(events);
	}

	/** Where the container parts report what they did. */
	ContainerEvents events() {
		return this.events;
	}

	/** Reads every record on disk; directories without a readable record are reported. */
	public List<String> load() {
		List<String> problems = new ArrayList<>();
		try {
			Files.createDirectories(this.root);
			try (DirectoryStream<Path> dirs = Files.newDirectoryStream(this.root)) {
				for (Path dir : dirs) {
					Path file = dir.resolve("container.json");
					if (!Files.isRegularFile(file)) {
						problems.add(dir + " has no container.json");
						continue;
					}
					try {
						Container container = this.json.readValue(file.toFile(), Container.class);
						this.byId.put(container.id(), container);
					}
					catch (RuntimeException ex) {
						problems.add(file + " is unreadable: " + ex.getMessage());
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read containers under " + this.root, ex);
		}
		return problems;
	}

	public Path directory(String id) {
		return this.root.resolve(id);
	}

	public void save(Container container) {
		AtomicFiles.write(directory(container.id()).resolve("container.json"),
				this.json.writerWithDefaultPrettyPrinter().writeValueAsBytes(container));
		Container before = this.byId.put(container.id(), container);
		if (before == null) {
			this.events.created(container);
		}
		else if (!before.name().equals(container.name())) {
			this.events.renamed(container, before.name());
		}
	}

	public void forget(String id) {
		Container gone = this.byId.remove(id);
		if (gone != null) {
			this.events.destroyed(gone);
		}
	}

	public List<Container> list() {
		return this.byId.values().stream().sorted(Comparator.comparing(Container::created).reversed()).toList();
	}

	public Optional<Container> byName(String name) {
		return this.byId.values().stream().filter((c) -> c.name().equals(name)).findFirst();
	}

	/** By full id, name, or unique id prefix; NotFoundException otherwise. */
	public Container get(String idOrName) {
		Container exact = this.byId.get(idOrName);
		if (exact != null) {
			return exact;
		}
		Optional<Container> named = byName(idOrName);
		if (named.isPresent()) {
			return named.get();
		}
		if (HEX_PREFIX.matcher(idOrName).matches()) {
			List<Container> matches = this.byId.values().stream().filter((c) -> c.id().startsWith(idOrName)).toList();
			if (matches.size() == 1) {
				return matches.get(0);
			}
			if (matches.size() > 1) {
				throw new InvalidArgumentException("container id prefix '" + idOrName + "' matches " + matches.size()
						+ " containers; give more of the id");
			}
		}
		throw new NotFoundException("no container named or with id '" + idOrName + "'");
	}

}

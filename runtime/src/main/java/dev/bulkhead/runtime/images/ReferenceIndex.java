package dev.bulkhead.runtime.images;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.ObjectMapper;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.InternalException;
import dev.bulkhead.runtime.state.AtomicFiles;

/**
 * The persisted names of the image store ({@code <data-root>/images/index.json}): which
 * manifest each reference points at, plus the manifests kept without a name (loaded
 * untagged, or whose names moved to another image). A value: every change returns a new
 * index, which the store writes atomically before using it.
 */
record ReferenceIndex(Map<String, Digest> references, Set<Digest> untagged) {

	ReferenceIndex {
		references = Collections.unmodifiableMap(new TreeMap<>(references));
		untagged = Collections.unmodifiableSet(new LinkedHashSet<>(untagged));
	}

	static ReferenceIndex empty() {
		return new ReferenceIndex(Map.of(), Set.of());
	}

	/** Every manifest the index keeps, named or not. */
	Set<Digest> manifests() {
		Set<Digest> manifests = new LinkedHashSet<>(this.references.values());
		manifests.addAll(this.untagged);
		return manifests;
	}

	/**
	 * Points each reference at the manifest; a manifest that loses its last name stays as
	 * an untagged image, as docker keeps a dangling image.
	 */
	ReferenceIndex with(List<String> names, Digest manifest) {
		Map<String, Digest> references = new TreeMap<>(this.references);
		Set<Digest> untagged = new LinkedHashSet<>(this.untagged);
		for (String name : names) {
			Digest previous = references.put(name, manifest);
			if (previous != null && !previous.equals(manifest) && !references.containsValue(previous)) {
				untagged.add(previous);
			}
		}
		if (names.isEmpty() && !references.containsValue(manifest)) {
			untagged.add(manifest);
		}
		else {
			untagged.remove(manifest);
		}
		return new ReferenceIndex(references, untagged);
	}

	/** Removes one reference; its manifest goes with it when this was its last name. */
	ReferenceIndex withoutReference(String name) {
		Map<String, Digest> references = new TreeMap<>(this.references);
		references.remove(name);
		return new ReferenceIndex(references, this.untagged);
	}

	/** Removes the manifests and every name pointing at them. */
	ReferenceIndex withoutManifests(Set<Digest> manifests) {
		Map<String, Digest> references = new TreeMap<>(this.references);
		references.values().removeIf(manifests::contains);
		Set<Digest> untagged = new LinkedHashSet<>(this.untagged);
		untagged.removeAll(manifests);
		return new ReferenceIndex(references, untagged);
	}

	static ReferenceIndex read(Path file, ObjectMapper mapper) {
		if (!Files.exists(file)) {
			return empty();
		}
		try {
			Stored stored = mapper.readValue(Files.readAllBytes(file), Stored.class);
			Map<String, Digest> references = new TreeMap<>();
			if (stored.references() != null) {
				stored.references().forEach((name, digest) -> references.put(name, Digest.parse(digest)));
			}
			Set<Digest> untagged = new LinkedHashSet<>();
			if (stored.untagged() != null) {
				stored.untagged().forEach((digest) -> untagged.add(Digest.parse(digest)));
			}
			return new ReferenceIndex(references, untagged);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot read the image index " + file, ex);
		}
		catch (JacksonException ex) {
			throw new InternalException("the image index " + file + " is corrupt (" + ex.getOriginalMessage()
					+ "); restore it from a backup or remove it and load the images again", ex);
		}
	}

	void write(Path file, ObjectMapper mapper) {
		Map<String, String> references = new TreeMap<>();
		this.references.forEach((name, digest) -> references.put(name, digest.toString()));
		List<String> untagged = new ArrayList<>(new TreeSet<>(this.untagged.stream().map(Digest::toString).toList()));
		AtomicFiles.write(file, mapper.writeValueAsBytes(new Stored(references, untagged)));
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record Stored(@JsonProperty("references") Map<String, String> references,
			@JsonProperty("untagged") List<String> untagged) {
	}

}

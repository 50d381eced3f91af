package dev.bulkhead.backend.containers;

import java.util.List;
import java.util.Locale;
import java.util.Set;

import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

/**
 * The dashboard list's search box and state filter: a container matches when its name or
 * image contains the text (ignoring case) and it is in the chosen state ("all" or none
 * chosen: any).
 */
public record ContainerFilter(String text, String state) {

	private static final Set<String> STATES = Set.of("all", "running", "restarting", "exited", "created", "paused");

	static ContainerFilter of(String text, String state) {
		String chosen = (state == null || state.isBlank()) ? "all" : state.strip();
		if (!STATES.contains(chosen)) {
			throw new InvalidArgumentException(
					"state: choose all, running, restarting, exited, created or paused, not '" + chosen + "'");
		}
		return new ContainerFilter((text == null) ? "" : text.strip().toLowerCase(Locale.ROOT), chosen);
	}

	/** Whether the filter narrows the list at all. */
	public boolean active() {
		return !this.text.isEmpty() || !"all".equals(this.state);
	}

	public boolean matches(Container container) {
		if (!"all".equals(this.state) && !this.state.equals(container.state().wireName())) {
			return false;
		}
		return this.text.isEmpty() || container.name().toLowerCase(Locale.ROOT).contains(this.text)
				|| container.image().toLowerCase(Locale.ROOT).contains(this.text);
	}

	public List<Container> apply(List<Container> containers) {
		return containers.stream().filter(this::matches).toList();
	}

}

package dev.bulkhead.backend.events;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.AccessPolicy;
import dev.bulkhead.backend.teams.AccessPolicy.Decision;
import dev.bulkhead.backend.teams.Caller;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.events.Event;
import dev.bulkhead.runtime.events.EventJournal;
import dev.bulkhead.runtime.events.EventQuery;
import dev.bulkhead.runtime.events.EventSubscription;

/**
 * The runtime's events as the signed-in caller may see them. A container's events (and a
 * network connect or disconnect of a container) belong to the team that owns the
 * container; a volume's and a network's to their owning team (a shared network's to
 * everybody); images are shared by every team on the host, so their events are visible to
 * everyone signed in, like the image list. Administrators see everything.
 */
@Service
public class EventService {

	/** How many new events a follower may fall behind before it reads them back. */
	static final int FOLLOW_QUEUE = 256;

	private final EventJournal journal;

	private final TeamAccess access;

	private final ContainerTeams teams;

	EventService(EventJournal journal, TeamAccess access, ContainerTeams teams) {
		this.journal = journal;
		this.access = access;
		this.teams = teams;
		teams.learn(journal);
	}

	/**
	 * The newest events that match, oldest first. A container named in the filter must be
	 * one the caller can see (404 otherwise, as everywhere).
	 */
	List<Event> list(EventFilter filter) {
		return this.journal.query(new EventQuery(filter.since(), filter.until(), matcher(filter), filter.limit()));
	}

	/** The type, action and container parts of the filter, and the caller's view. */
	Predicate<Event> matcher(EventFilter filter) {
		Predicate<Event> matcher = filter.kind().and(visibleToCaller());
		if (filter.container() != null && !filter.container().isBlank()) {
			String wanted = this.access.inspectContainer(filter.container().strip());
			matcher = matcher.and((event) -> isAbout(event, wanted));
		}
		return matcher;
	}

	/** Follows new events; the caller closes it. */
	EventSubscription subscribe() {
		return this.journal.subscribe(FOLLOW_QUEUE);
	}

	/** Events after an instant that match, for a follower that fell behind. */
	List<Event> after(Instant after, Predicate<Event> matcher) {
		return this.journal.query(new EventQuery(after, null, matcher, EventFilter.MAX_LIMIT));
	}

	/**
	 * The newest events of the caller's teams, in words, newest first, for the overview.
	 */
	public List<EventLine> recent(int limit) {
		List<EventLine> lines = new java.util.ArrayList<>(
				this.journal.query(new EventQuery(null, null, visibleToCaller(), limit))
					.stream()
					.map(EventLine::of)
					.toList());
		java.util.Collections.reverse(lines);
		return lines;
	}

	/** Whether an event is about the container (by full id, or by name or id prefix). */
	static boolean isAbout(Event event, String idOrName) {
		String container = ContainerTeams.containerOf(event);
		if (container == null) {
			return false;
		}
		if (container.equals(idOrName)) {
			return true;
		}
		boolean named = Event.CONTAINER.equals(event.type()) ? idOrName.equals(event.attribute("name"))
				: idOrName.equals(event.attribute("containerName"));
		return named || (idOrName.length() >= 12 && container.startsWith(idOrName));
	}

	/**
	 * Which events the signed-in caller may see, decided with their roles as they are
	 * now.
	 */
	Predicate<Event> visibleToCaller() {
		Caller caller = this.access.caller();
		if (caller.admin()) {
			return (event) -> true;
		}
		Predicate<String> ownedNow = this.access.visibleContainers();
		Predicate<String> containers = (id) -> ownedNow.test(id) || this.teams.learntTeamOf(id)
			.map((team) -> AccessPolicy.inspectContainer(caller, team) == Decision.ALLOWED)
			.orElse(false);
		boolean images = AccessPolicy.readImages(caller) == Decision.ALLOWED;
		Map<String, Boolean> networks = new HashMap<>();
		return (event) -> switch (event.type()) {
			case Event.CONTAINER -> containers.test(event.actor().id());
			case Event.IMAGE -> images;
			case Event.VOLUME -> AccessPolicy.readVolume(caller, teamId(event)) == Decision.ALLOWED;
			case Event.NETWORK -> (event.attribute("container") != null) ? containers.test(event.attribute("container"))
					: networks.computeIfAbsent(String.valueOf(event.attribute(ContainerTeams.TEAM)),
							(team) -> this.access.canSeeNetwork(event.attribute(ContainerTeams.TEAM)));
			default -> false;
		};
	}

	private static Long teamId(Event event) {
		String id = event.attribute(ContainerTeams.TEAM_ID);
		try {
			return (id != null) ? Long.valueOf(id) : null;
		}
		catch (NumberFormatException ex) {
			return -1L;
		}
	}

}

package dev.bulkhead.backend.events;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;

import dev.bulkhead.backend.teams.Team;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.events.Event;
import dev.bulkhead.runtime.events.EventJournal;
import dev.bulkhead.runtime.events.EventQuery;

/**
 * Which team a container's events belong to. The owner table answers for containers that
 * exist; for removed ones the answer is the team stamped on their events while they
 * existed. A container's {@code create} is published before its owner is recorded, so its
 * team is learnt from its later events.
 */
@Component
class ContainerTeams {

	private static final Logger log = LoggerFactory.getLogger(ContainerTeams.class);

	static final String TEAM = "team";

	static final String TEAM_ID = "teamId";

	private final TeamAccess access;

	/** Container id to owning team id, learnt from stamped events. */
	private final Map<String, Long> learnt = new ConcurrentHashMap<>();

	ContainerTeams(TeamAccess access) {
		this.access = access;
	}

	/** Learns the teams stamped on the events kept from before this start. */
	void learn(EventJournal journal) {
		journal.query(EventQuery.newest(Integer.MAX_VALUE)).forEach(this::remember);
	}

	/** The event with its container's owning team, when it has one. */
	Event stamp(Event event) {
		String containerId = containerOf(event);
		if (containerId == null || event.attribute(TEAM_ID) != null) {
			return event;
		}
		try {
			Optional<Team> owner = this.access.ownerOfContainer(containerId);
			if (owner.isEmpty()) {
				return event;
			}
			this.learnt.put(containerId, owner.get().id());
			Event stamped = event.withAttribute(TEAM_ID, Long.toString(owner.get().id()));
			// a network's own team is kept; the container's team rides along
			return Event.CONTAINER.equals(event.type()) ? stamped.withAttribute(TEAM, owner.get().name()) : stamped;
		}
		catch (RuntimeException ex) {
			log.debug("Could not find the owner of container {}: {}", containerId, ex.getMessage());
			return event;
		}
	}

	/** The team that owned the container, as far as its events tell. */
	Optional<Long> learntTeamOf(String containerId) {
		return Optional.ofNullable(this.learnt.get(containerId));
	}

	private void remember(Event event) {
		String containerId = containerOf(event);
		String teamId = event.attribute(TEAM_ID);
		if (containerId != null && teamId != null) {
			try {
				this.learnt.put(containerId, Long.parseLong(teamId));
			}
			catch (NumberFormatException ex) {
				// written by someone else; not a team of ours
			}
		}
	}

	/** The container an event is about: its actor, or the one a network event names. */
	static String containerOf(Event event) {
		if (Event.CONTAINER.equals(event.type())) {
			return event.actor().id();
		}
		return event.attribute("container");
	}

}

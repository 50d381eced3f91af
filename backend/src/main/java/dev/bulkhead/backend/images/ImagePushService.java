package dev.bulkhead.backend.images;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.events.Event;
import dev.bulkhead.runtime.events.EventSink;
import dev.bulkhead.runtime.registry.ImagePusher;
import dev.bulkhead.runtime.registry.PullProgress;

/**
 * Pushes local images to registries for the native API; pushing needs the same role as
 * pulling (developer in a team).
 */
@Service
class ImagePushService {

	private final ImagePusher pusher;

	private final TeamAccess access;

	private final EventSink events;

	ImagePushService(ImagePusher pusher, TeamAccess access, EventSink events) {
		this.pusher = pusher;
		this.access = access;
		this.events = events;
	}

	/**
	 * Finds the image and checks the target; errors here come before any progress is
	 * reported.
	 */
	ImagePusher.Plan preparePush(String local, String target) {
		this.access.requireImageChange("pushing an image");
		return this.pusher.resolve(local, target);
	}

	Digest push(ImagePusher.Plan plan, PullProgress.Listener listener) {
		this.access.requireImageChange("pushing an image");
		Digest pushed = this.pusher.push(plan, listener);
		this.events.publish(Event.now(Event.IMAGE, "push", plan.image().id().toString(),
				java.util.Map.of("name", plan.target().toString(), "digest", pushed.toString())));
		return pushed;
	}

}

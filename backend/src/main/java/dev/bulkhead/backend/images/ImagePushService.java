package dev.bulkhead.backend.images;

import org.springframework.stereotype.Service;

import dev.bulkhead.backend.teams.Caller;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.events.Event;
import dev.bulkhead.runtime.events.EventSink;
import dev.bulkhead.runtime.registry.ImagePusher;
import dev.bulkhead.runtime.registry.PullProgress;

/**
 * Pushes local images to registries, for the native API (streamed on the request) and for
 * the dashboard (in the background, followed by polling); pushing needs the same role as
 * pulling (developer in a team).
 */
@Service
class ImagePushService {

	private final ImagePusher pusher;

	private final TeamAccess access;

	private final PushJobs jobs;

	private final EventSink events;

	ImagePushService(ImagePusher pusher, TeamAccess access, PushJobs jobs, EventSink events) {
		this.pusher = pusher;
		this.access = access;
		this.jobs = jobs;
		this.events = events;
	}

	/**
	 * Checks the caller, the image and the target on the request, then pushes in the
	 * background; the job reports per blob and ends with the digest or the error.
	 */
	PushJobs.Job startPush(String local, String target) {
		ImagePusher.Plan plan = preparePush(local, target);
		String username = this.access.caller().username();
		return this.jobs.start(username, local, plan.target().familiar(), (listener) -> pushAndRecord(plan, listener));
	}

	/** A dashboard push the caller started (any, for an administrator). */
	PushJobs.Job job(String id) {
		Caller caller = this.access.caller();
		return this.jobs.find(id, caller.username(), caller.admin());
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
		return pushAndRecord(plan, listener);
	}

	/**
	 * Pushes and records the push in the event journal; no caller needed (background).
	 */
	private Digest pushAndRecord(ImagePusher.Plan plan, PullProgress.Listener listener) {
		Digest pushed = this.pusher.push(plan, listener);
		this.events.publish(Event.now(Event.IMAGE, "push", plan.image().id().toString(),
				java.util.Map.of("name", plan.target().toString(), "digest", pushed.toString())));
		return pushed;
	}

}

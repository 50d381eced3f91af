package dev.bulkhead.backend.volumes;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonInclude;

import dev.bulkhead.runtime.volumes.Volume;

/**
 * A volume as the native API shows it.
 *
 * @param team the owning team's name
 * @param mountpoint the directory on the host
 * @param sizeBytes what its files take, found by walking it
 * @param containers the caller's containers that mount it
 * @param otherContainers containers of other teams that mount it (counted, not named)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record VolumeView(String name, String driver, Map<String, String> labels, Instant created, String team,
		boolean anonymous, String mountpoint, long sizeBytes, List<User> containers, Integer otherContainers) {

	static VolumeView of(Volume v, VolumeService service) {
		List<User> users = service.users(v)
			.stream()
			.map((c) -> new User(c.id(), c.name(), c.state().wireName()))
			.toList();
		int hidden = service.hiddenUsers(v);
		return new VolumeView(v.name(), v.driver(), v.labels(), v.created(),
				(v.owner() != null) ? v.owner().teamName() : null, v.anonymous(), service.mountpoint(v),
				service.sizeBytes(v), users, (hidden > 0) ? hidden : null);
	}

	/** A container that mounts the volume. */
	record User(String id, String name, String state) {
	}

}

package dev.bulkhead.runtime.volumes;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.bulkhead.runtime.events.Event;
import dev.bulkhead.runtime.events.EventSink;

/**
 * A {@link VolumeStore} that reports the volumes it makes and removes as {@code volume}
 * events ({@code create}, {@code destroy}), with the owning team the volume records.
 */
public final class EventingVolumeStore implements VolumeStore {

	private final VolumeStore volumes;

	private final EventSink events;

	public EventingVolumeStore(VolumeStore volumes, EventSink events) {
		this.volumes = volumes;
		this.events = events;
	}

	@Override
	public Volume create(String name, Map<String, String> labels, Volume.Owner owner) {
		return publish("create", this.volumes.create(name, labels, owner));
	}

	@Override
	public Volume createAnonymous(Map<String, String> labels, Volume.Owner owner) {
		return publish("create", this.volumes.createAnonymous(labels, owner));
	}

	@Override
	public List<Volume> list() {
		return this.volumes.list();
	}

	@Override
	public Volume get(String name) {
		return this.volumes.get(name);
	}

	@Override
	public Optional<Volume> find(String name) {
		return this.volumes.find(name);
	}

	@Override
	public Path mountpoint(String name) {
		return this.volumes.mountpoint(name);
	}

	@Override
	public long sizeBytes(String name) {
		return this.volumes.sizeBytes(name);
	}

	@Override
	public Volume markPopulated(String name) {
		return this.volumes.markPopulated(name);
	}

	@Override
	public void remove(String name) {
		Optional<Volume> volume = this.volumes.find(name);
		this.volumes.remove(name);
		volume.ifPresent((v) -> publish("destroy", v));
	}

	private Volume publish(String action, Volume volume) {
		Map<String, String> attributes = new LinkedHashMap<>();
		attributes.put("name", volume.name());
		attributes.put("driver", volume.driver());
		if (volume.owner() != null) {
			attributes.put("team", volume.owner().teamName());
			attributes.put("teamId", (volume.owner().teamId() != null) ? volume.owner().teamId().toString() : null);
		}
		this.events.publish(Event.now(Event.VOLUME, action, volume.name(), attributes));
		return volume;
	}

}

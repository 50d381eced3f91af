package dev.bulkhead.backend.events;

import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;

import dev.bulkhead.runtime.containers.RuntimeSettings;
import dev.bulkhead.runtime.events.EventJournal;
import dev.bulkhead.runtime.events.EventSink;

/**
 * The event journal under the data root, and the sink the runtime's parts publish to: it
 * stamps each container event with the team that owns the container before it is kept, so
 * the event stays visible to that team after the container (and its owner record) is
 * gone.
 */
@Configuration(proxyBeanMethods = false)
class EventsConfiguration {

	/**
	 * @param maxFileBytes {@code bulkhead.events.max-file-bytes}: the size at which the
	 * journal's file is rotated (two files are kept), 8 MiB by default
	 */
	@Bean(destroyMethod = "close")
	EventJournal eventJournal(RuntimeSettings settings,
			@Value("${bulkhead.events.max-file-bytes:" + EventJournal.DEFAULT_MAX_FILE_BYTES + "}") long maxFileBytes) {
		return new EventJournal(settings.dataRoot().resolve("events"), maxFileBytes,
				JsonMapper.builder().findAndAddModules().build());
	}

	@Bean
	@Primary
	EventSink teamStampedEvents(EventJournal journal, ContainerTeams teams) {
		return (event) -> journal.publish(teams.stamp(event));
	}

}

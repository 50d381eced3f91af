package dev.bulkhead.runtime.containers;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * A network a user connected a container to, beside the one it was created on, as it is
 * kept across the container's stops and starts: each start connects it again, in the
 * order the connections were made, with the same aliases.
 *
 * @param network the network's name
 * @param aliases the names given at connect, beside the container's own
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record NetworkConnection(String network, List<String> aliases) {

	public NetworkConnection {
		aliases = (aliases != null) ? List.copyOf(aliases) : List.of();
	}

}

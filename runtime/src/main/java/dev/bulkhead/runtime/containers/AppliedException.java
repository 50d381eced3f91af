package dev.bulkhead.runtime.containers;

import java.time.Instant;

/**
 * An exception to the default policy level that an admin granted and that a container was
 * admitted under, copied into the container's record so that inspect shows it for the
 * container's whole life (also after the grant expires or is revoked).
 *
 * @param id the grant's id
 * @param relaxation what it allows, e.g. {@code cap-add:SYS_PTRACE}
 * @param grantedTo {@code team:<name>} or {@code container:<name>}
 * @param reason why it was granted
 * @param grantedBy the admin who granted it
 * @param expiresAt after this, it admits no new container
 */
public record AppliedException(long id, String relaxation, String grantedTo, String reason, String grantedBy,
		Instant expiresAt) {

}

package dev.bulkhead.runtime.networks.dns;

/**
 * A DNS message that cannot be read as a query; answered with FORMERR when its id is
 * known.
 */
public final class DnsFormatException extends RuntimeException {

	private final int id;

	DnsFormatException(String message, int id) {
		super(message);
		this.id = id;
	}

	/** The message's id, or -1 when the header could not be read. */
	public int id() {
		return this.id;
	}

}

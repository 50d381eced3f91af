package dev.bulkhead.runtime.errors;

/**
 * The one hierarchy of domain errors. Every message names its subject and says what the
 * caller can do about it; the web layer maps each kind to a status code in one place.
 */
public abstract sealed class BulkheadException extends RuntimeException
		permits NotFoundException, ConflictException, InvalidArgumentException, FailedPreconditionException,
		ForbiddenException, UnavailableException, InternalException {

	protected BulkheadException(String message) {
		super(message);
	}

	protected BulkheadException(String message, Throwable cause) {
		super(message, cause);
	}

	/**
	 * A short, stable, machine-readable name of the kind of error, used as the last part
	 * of the problem type URI.
	 */
	public abstract String kind();

}

package dev.bulkhead.runtime.errors;

public final class FailedPreconditionException extends BulkheadException {

	public FailedPreconditionException(String message) {
		super(message);
	}

	public FailedPreconditionException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public String kind() {
		return "failed-precondition";
	}

}

package dev.bulkhead.runtime.errors;

public final class InternalException extends BulkheadException {

	public InternalException(String message) {
		super(message);
	}

	public InternalException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public String kind() {
		return "internal";
	}

}

package dev.bulkhead.runtime.errors;

public final class InvalidArgumentException extends BulkheadException {

	public InvalidArgumentException(String message) {
		super(message);
	}

	public InvalidArgumentException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public String kind() {
		return "invalid-argument";
	}

}

package dev.bulkhead.runtime.errors;

public final class ConflictException extends BulkheadException {

	public ConflictException(String message) {
		super(message);
	}

	public ConflictException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public String kind() {
		return "conflict";
	}

}

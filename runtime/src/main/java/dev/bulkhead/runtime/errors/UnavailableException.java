package dev.bulkhead.runtime.errors;

public final class UnavailableException extends BulkheadException {

	public UnavailableException(String message) {
		super(message);
	}

	public UnavailableException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public String kind() {
		return "unavailable";
	}

}

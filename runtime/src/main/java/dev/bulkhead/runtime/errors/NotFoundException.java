package dev.bulkhead.runtime.errors;

public final class NotFoundException extends BulkheadException {

	public NotFoundException(String message) {
		super(message);
	}

	public NotFoundException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public String kind() {
		return "not-found";
	}

}

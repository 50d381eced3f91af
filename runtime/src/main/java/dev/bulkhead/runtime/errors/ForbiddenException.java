package dev.bulkhead.runtime.errors;

public final class ForbiddenException extends BulkheadException {

	public ForbiddenException(String message) {
		super(message);
	}

	public ForbiddenException(String message, Throwable cause) {
		super(message, cause);
	}

	@Override
	public String kind() {
		return "forbidden";
	}

}

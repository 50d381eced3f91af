package dev.bulkhead.backend.system;

/**
 * What {@code GET /api/v1/system/info} reports. Runtime paths are {@code null} when the
 * configured program cannot be found, which is worth seeing before a container fails to
 * start.
 */
public record SystemInfo(String version, String dataRoot, String runRoot, Runtime runtime, String kernel,
		String cgroupVersion) {

	public record Runtime(String runc, String conmon) {

	}

}

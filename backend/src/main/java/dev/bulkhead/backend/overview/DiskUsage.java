package dev.bulkhead.backend.overview;

/** The file system of the data root, as statvfs reports it. */
public record DiskUsage(String path, long totalBytes, long availableBytes) {

	public long usedBytes() {
		return this.totalBytes - this.availableBytes;
	}

	public double usedPercent() {
		return (this.totalBytes > 0) ? Math.round(1000.0 * usedBytes() / this.totalBytes) / 10.0 : 0;
	}

}

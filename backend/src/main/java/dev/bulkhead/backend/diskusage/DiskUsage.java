package dev.bulkhead.backend.diskusage;

import java.util.List;

/**
 * The answer of {@code GET /api/v1/system/df}. Image bytes are blobs plus unpacked
 * layers, each blob or layer counted once however many images share it; reclaimable bytes
 * are what a prune with {@code all=true} frees, dangling ones what a plain prune frees.
 *
 * @param images the image store
 * @param containers the writable layers of the containers the caller can see
 * @param volumes the volumes on the host (none exist before volumes do)
 */
public record DiskUsage(Images images, Containers containers, List<Volume> volumes) {

	public record Images(int count, long totalBytes, long blobBytes, long layerBytes, long uniqueBytes,
			long sharedBytes, long reclaimableBytes, long danglingReclaimableBytes, List<ImageEntry> items) {
	}

	public record ImageEntry(String id, List<String> references, long bytes, long sharedBytes, long uniqueBytes,
			int containers) {
	}

	public record Containers(int count, long writableBytes, List<ContainerEntry> items) {
	}

	public record ContainerEntry(String id, String name, String image, String state, long writableBytes) {
	}

	public record Volume(String name, long bytes) {
	}

}

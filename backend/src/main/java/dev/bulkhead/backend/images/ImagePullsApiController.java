package dev.bulkhead.backend.images;

import java.time.Instant;
import java.util.List;
import java.util.Locale;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.bulkhead.runtime.registry.PullProgress;

/**
 * The running pulls: list them with each blob's progress, and cancel one.
 */
@RestController
@RequestMapping("/api/v1/images/pulls")
@Tag(name = "images")
class ImagePullsApiController {

	private final ImageService images;

	ImagePullsApiController(ImageService images) {
		this.images = images;
	}

	/** A running pull as the API shows it. */
	record PullView(String id, String reference, String username, Instant started, List<BlobView> blobs) {

		static PullView of(PullRegistry.Running pull) {
			return new PullView(pull.id(), pull.reference(), pull.username(), pull.started(),
					pull.blobs().stream().map(BlobView::of).toList());
		}

	}

	/** Where one blob of a pull stands. */
	record BlobView(String digest, String kind, long bytesDone, long total, String status) {

		static BlobView of(PullProgress progress) {
			return new BlobView(progress.digest(), progress.kind(), progress.bytesDone(), progress.total(),
					progress.state().name().toLowerCase(Locale.ROOT));
		}

	}

	@GetMapping
	@Operation(summary = "List your running pulls",
			description = "Each pull you started and that is still running (every pull for an administrator), "
					+ "with the id to cancel it and each blob's bytesDone, total and status.")
	List<PullView> list() {
		return this.images.runningPulls().stream().map(PullView::of).toList();
	}

	@DeleteMapping("/{id}")
	@ResponseStatus(HttpStatus.ACCEPTED)
	@Operation(summary = "Cancel a running pull",
			description = "Stops the downloads of a pull you started (any pull for an administrator); the pull's "
					+ "stream ends with {status: cancelled} and nothing of the pull stays in the content store. "
					+ "A pull that is not running, or another user's, is 404.")
	PullView cancel(@PathVariable String id) {
		return PullView.of(this.images.cancelPull(id));
	}

}

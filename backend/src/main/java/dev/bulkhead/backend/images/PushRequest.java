package dev.bulkhead.backend.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The optional body of {@code POST /api/v1/images/{reference}/push}.
 *
 * @param target where to push: {@code host:5000/team/app:1}; when absent the image is
 * pushed to the reference it was named by
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PushRequest(String target) {

}

package dev.bulkhead.backend.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/**
 * The body of {@code POST /api/v1/images/pull}.
 *
 * @param reference what to pull: {@code busybox}, {@code host:5000/repo/app:1},
 * {@code app@sha256:...}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
record PullRequest(String reference) {

}

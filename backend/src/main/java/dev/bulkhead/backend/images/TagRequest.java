package dev.bulkhead.backend.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The body of a tag request: the name to give the image. */
@JsonIgnoreProperties(ignoreUnknown = true)
record TagRequest(String target) {
}

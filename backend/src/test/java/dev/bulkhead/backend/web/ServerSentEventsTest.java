package dev.bulkhead.backend.web;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockHttpServletResponse;

import static org.assertj.core.api.Assertions.assertThat;

class ServerSentEventsTest {

	@Test
	void eventsAreFramedAsTheEventSourceSpecificationSays() throws Exception {
		MockHttpServletResponse response = new MockHttpServletResponse();
		ServerSentEvents events = new ServerSentEvents(response);
		assertThat(events.open(Duration.ofSeconds(2))).isTrue();
		assertThat(events.send("log", "<span>a</span>\n<span>b</span>")).isTrue();
		assertThat(events.keepAlive()).isTrue();
		assertThat(response.getContentType()).startsWith("text/event-stream");
		assertThat(response.getHeader("Cache-Control")).isEqualTo("no-store");
		assertThat(response.getContentAsString())
			.isEqualTo("retry: 2000\n\nevent: log\ndata: <span>a</span>\ndata: <span>b</span>\n\n: keep-alive\n\n");
	}

}

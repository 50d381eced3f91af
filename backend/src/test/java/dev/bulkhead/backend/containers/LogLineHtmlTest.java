package dev.bulkhead.backend.containers;

import java.time.Instant;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.runner.CriLogReader;

import static org.assertj.core.api.Assertions.assertThat;

class LogLineHtmlTest {

	@Test
	void aLogLineIsEscapedSoThatAContainerCannotInjectMarkup() {
		String html = ContainerLivePagesController.line(new CriLogReader.Entry(Instant.EPOCH,
				CriLogReader.Stream.STDERR, "<script>alert(1)</script> & \"quoted\""));
		assertThat(html).isEqualTo("<span class=\"line stderr\">&lt;script&gt;alert(1)&lt;/script&gt; &amp; "
				+ "&quot;quoted&quot;</span>");
	}

}

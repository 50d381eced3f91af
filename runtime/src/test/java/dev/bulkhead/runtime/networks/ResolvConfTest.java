package dev.bulkhead.runtime.networks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class ResolvConfTest {

	@TempDir
	Path dir;

	@Test
	void hostFileWithReachableNameserversIsCopiedAsItIs() throws IOException {
		String host = "search example.org\nnameserver 192.0.2.53\noptions edns0\n";
		assertThat(resolv(host, null).forContainer()).isEqualTo(host);
	}

	@Test
	void loopbackStubIsReplacedBySystemdResolvedsUpstreamList() throws IOException {
		String upstream = "nameserver 192.0.2.1\nnameserver 192.0.2.2\n";
		assertThat(resolv("nameserver 127.0.0.53\noptions edns0 trust-ad\n", upstream).forContainer())
			.isEqualTo(upstream);
	}

	@Test
	void loopbackNameserverWithoutUpstreamListIsLeftOutWithANote() throws IOException {
		String result = resolv("nameserver 127.0.0.1\nnameserver 192.0.2.9\nsearch lan\n", null).forContainer();
		assertThat(result).doesNotContain("\nnameserver 127.0.0.1")
			.doesNotStartWith("nameserver 127")
			.contains("# Bulkhead left out nameserver 127.0.0.1")
			.contains("nameserver 192.0.2.9")
			.contains("search lan");
	}

	@Test
	void missingHostFileGivesAnEmptyFile() {
		assertThat(new ResolvConf(this.dir.resolve("none"), this.dir.resolve("none2")).forContainer()).isEmpty();
	}

	private ResolvConf resolv(String host, String upstream) throws IOException {
		Path hostFile = Files.writeString(this.dir.resolve("resolv.conf"), host);
		Path upstreamFile = this.dir.resolve("upstream.conf");
		if (upstream != null) {
			Files.writeString(upstreamFile, upstream);
		}
		return new ResolvConf(hostFile, upstreamFile);
	}

}

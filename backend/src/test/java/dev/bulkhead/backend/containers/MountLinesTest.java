package dev.bulkhead.backend.containers;

import org.junit.jupiter.api.Test;

import dev.bulkhead.runtime.containers.MountSpec;
import dev.bulkhead.runtime.errors.InvalidArgumentException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MountLinesTest {

	@Test
	void eachLineIsOneMountInDockersMountShape() {
		assertThat(MountLines.parse("""
				type=volume,source=pgdata,target=/data
				src=/srv/shared/site,dst=/site,type=bind,readonly

				type=tmpfs,target=/scratch,tmpfs-size=65536,tmpfs-mode=0700,ro=false
				""")).containsExactly(new MountSpec("volume", "pgdata", "/data", null, null, null),
				new MountSpec("bind", "/srv/shared/site", "/site", true, null, null),
				new MountSpec("tmpfs", null, "/scratch", false, 65536L, "0700"));
	}

	@Test
	void unknownKeysAndBadSizesAreRefusedNamingTheLine() {
		assertThatThrownBy(() -> MountLines.parse("type=volume,size=1")).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("mount 'type=volume,size=1': unknown key 'size'");
		assertThatThrownBy(() -> MountLines.parse("type=tmpfs,target=/t,tmpfs-size=big"))
			.hasMessageContaining("tmpfs-size must be a number of bytes");
	}

	@Test
	void noTextIsNoMounts() {
		assertThat(MountLines.parse(null)).isEmpty();
		assertThat(MountLines.parse("  \n")).isEmpty();
	}

}

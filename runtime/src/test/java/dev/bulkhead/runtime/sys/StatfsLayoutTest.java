package dev.bulkhead.runtime.sys;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatfsLayoutTest {

	@Test
	void sizesAreBlockCountsTimesTheFragmentSize() {
		ByteBuffer statfs = statfs(0xEF53, 4096, 1000, 600, 500, 1024);

		assertThat(StatfsLayout.decode(statfs))
			.isEqualTo(new Syscalls.FilesystemStats(1000 * 1024, 600 * 1024, 500 * 1024, 0xEF53));
	}

	@Test
	void withoutAFragmentSizeTheBlockSizeIsTheUnit() {
		ByteBuffer statfs = statfs(0x794c7630L, 4096, 10, 6, 5, 0);

		assertThat(StatfsLayout.decode(statfs))
			.isEqualTo(new Syscalls.FilesystemStats(10 * 4096, 6 * 4096, 5 * 4096, 0x794c7630L));
	}

	/**
	 * A struct statfs as 64-bit Linux fills it, with recognisable junk in other fields.
	 */
	private static ByteBuffer statfs(long type, long blockSize, long blocks, long free, long available,
			long fragmentSize) {
		ByteBuffer buffer = ByteBuffer.allocate(120).order(ByteOrder.nativeOrder());
		buffer.putLong(type).putLong(blockSize).putLong(blocks).putLong(free).putLong(available);
		buffer.putLong(77777).putLong(66666).putInt(0x1234).putInt(0x5678).putLong(255).putLong(fragmentSize);
		return buffer;
	}

}

package dev.bulkhead.runtime.images;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Arrays;

import com.github.luben.zstd.Zstd;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.sys.RecordingSyscalls;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LayerUnpackerTest {

	@TempDir
	Path temp;

	Path root;

	Path outside;

	final RecordingSyscalls syscalls = new RecordingSyscalls();

	final LayerUnpacker unpacker = new LayerUnpacker(this.syscalls);

	@BeforeEach
	void createDirectories() throws Exception {
		this.root = Files.createDirectory(this.temp.resolve("layer"));
		this.outside = Files.createDirectory(this.temp.resolve("outside"));
	}

	private LayerUnpacker.Result unpack(byte[] layer) {
		return this.unpacker.unpack(new ByteArrayInputStream(layer), this.root, null);
	}

	private String mode(Path path) throws Exception {
		return PosixFilePermissions.toString(Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
	}

	@Test
	void unpacksFilesDirectoriesSymlinksAndHardLinks() throws Exception {
		byte[] layer = new TestTar().dir("bin")
			.file("bin/tool", "#!/bin/sh\n".getBytes(StandardCharsets.UTF_8), 0755, 0, 0)
			.symlink("bin/alias", "tool")
			.hardlink("bin/same", "bin/tool")
			.dir("data", 0700)
			.file("data/note.txt", "note")
			.bytes();
		LayerUnpacker.Result result = unpack(layer);
		assertThat(this.root.resolve("bin/tool")).hasContent("#!/bin/sh");
		assertThat(Files.readSymbolicLink(this.root.resolve("bin/alias"))).isEqualTo(Path.of("tool"));
		assertThat(Files.isSameFile(this.root.resolve("bin/same"), this.root.resolve("bin/tool"))).isTrue();
		assertThat(mode(this.root.resolve("bin/tool"))).isEqualTo("rwxr-xr-x");
		assertThat(mode(this.root.resolve("data"))).isEqualTo("rwx------");
		assertThat(result.unpackedBytes()).isEqualTo("#!/bin/sh\n".length() + "note".length());
		assertThat(result.notes()).isEmpty();
	}

	@Test
	void setuidBitsOwnersAndModificationTimesAreApplied() throws Exception {
		byte[] layer = new TestTar().dir("usr")
			.file("usr/su", new byte[] { 1, 2, 3 }, 04755, 0, 0)
			.file("usr/owned", new byte[] { 4 }, 0640, 1000, 2000)
			.bytes();
		unpack(layer);
		Path su = this.root.resolve("usr/su");
		assertThat((int) Files.getAttribute(su, "unix:mode") & 07777).isEqualTo(04755);
		assertThat(this.syscalls.owner(this.root.resolve("usr/owned"))).containsExactly(1000, 2000);
		assertThat(this.syscalls.owner(su)).containsExactly(0, 0);
		assertThat(Files.getLastModifiedTime(su)).isEqualTo(FileTime.from(TestTar.MTIME));
		assertThat(Files.getLastModifiedTime(this.root.resolve("usr"))).isEqualTo(FileTime.from(TestTar.MTIME));
	}

	@Test
	void readOnlyDirectoryGetsItsModeAfterItsChildrenAreWritten() throws Exception {
		unpack(new TestTar().dir("ro", 0555).file("ro/inside", "x").bytes());
		assertThat(this.root.resolve("ro/inside")).hasContent("x");
		assertThat(mode(this.root.resolve("ro"))).isEqualTo("r-xr-xr-x");
	}

	@Test
	void diffIdIsTheSha256OfTheUncompressedTarForPlainAndGzipLayers() {
		byte[] tar = new TestTar().file("a", "alpha").bytes();
		assertThat(unpack(tar).diffId()).isEqualTo(TestTar.sha256(tar));
		assertThat(this.unpacker.unpack(new ByteArrayInputStream(TestTar.gzip(tar)), this.root, TestTar.sha256(tar))
			.diffId()).isEqualTo(TestTar.sha256(tar));
	}

	@Test
	void unpackRefusesALayerWhoseDiffIdDiffersFromTheConfig() {
		byte[] tar = new TestTar().file("a", "alpha").bytes();
		Digest expected = TestTar.sha256("something else".getBytes(StandardCharsets.UTF_8));
		assertThatThrownBy(() -> this.unpacker.unpack(new ByteArrayInputStream(tar), this.root, expected))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining(expected.toString())
			.hasMessageContaining(TestTar.sha256(tar).toString());
	}

	@Test
	void whiteoutBecomesACharacterDeviceZeroZero() {
		unpack(new TestTar().dir("etc").file("etc/.wh.passwd", "").bytes());
		Path hidden = this.root.resolve("etc/passwd");
		assertThat(this.syscalls.device(hidden)).isEqualTo(0L);
		assertThat(this.syscalls.calls()).contains("mknod " + hidden + " 20000 0");
		assertThat(this.root.resolve("etc/.wh.passwd")).doesNotExist();
	}

	@Test
	void whiteoutReplacesWhatTheSameLayerWroteEarlier() {
		unpack(new TestTar().dir("app").dir("app/cache").file("app/cache/item", "x").file("app/.wh.cache", "").bytes());
		Path hidden = this.root.resolve("app/cache");
		assertThat(this.syscalls.device(hidden)).isEqualTo(0L);
		assertThat(hidden).isRegularFile();
		assertThat(Files.exists(this.root.resolve("app/cache/item"))).isFalse();
	}

	@Test
	void opaqueMarkerSetsTheOverlayOpaqueXattrOnItsDirectory() {
		unpack(new TestTar().dir("var")
			.dir("var/lib")
			.file("var/lib/.wh..wh..opq", "")
			.file("var/lib/new", "n")
			.bytes());
		Path dir = this.root.resolve("var/lib");
		assertThat(this.syscalls.xattrs(dir)).containsKey("trusted.overlay.opaque");
		assertThat(new String(this.syscalls.xattrs(dir).get("trusted.overlay.opaque"), StandardCharsets.US_ASCII))
			.isEqualTo("y");
		assertThat(dir.resolve(".wh..wh..opq")).doesNotExist();
		assertThat(dir.resolve("new")).hasContent("n");
	}

	@Test
	void paxXattrsAreSetButOverlayXattrsFromTheLayerAreNot() {
		LayerUnpacker.Result result = unpack(new TestTar().fileWithXattr("f", "x", "user.comment", "hello")
			.fileWithXattr("g", "y", "trusted.overlay.redirect", "/etc")
			.bytes());
		assertThat(this.syscalls.xattrs(this.root.resolve("f")).get("user.comment"))
			.isEqualTo("hello".getBytes(StandardCharsets.UTF_8));
		assertThat(this.syscalls.xattrs(this.root.resolve("g"))).isEmpty();
		assertThat(result.notes()).anyMatch((note) -> note.contains("trusted.overlay.redirect"));
	}

	@Test
	void deviceNodesAndFifosAreSkippedWithANote() {
		LayerUnpacker.Result result = unpack(
				new TestTar().dir("dev").charDevice("dev/null", 1, 3).fifo("dev/pipe").bytes());
		assertThat(this.root.resolve("dev/null")).doesNotExist();
		assertThat(this.root.resolve("dev/pipe")).doesNotExist();
		assertThat(result.notes()).hasSize(2).anyMatch((note) -> note.contains("dev/null"));
		assertThat(this.syscalls.calls()).noneMatch((call) -> call.startsWith("mknod"));
	}

	@Test
	void unpackRefusesAnAbsolutePath() {
		assertRefused(new TestTar().file("/etc/motd", "hi").bytes(), "'/etc/motd' has an absolute path");
		assertThat(this.root.resolve("etc/motd")).doesNotExist();
	}

	@Test
	void unpackRefusesAnAbsoluteDirectoryOrSymlink() {
		assertRefused(new TestTar().dir("/etc/").bytes(), "'/etc/' has an absolute path");
		assertRefused(new TestTar().symlink("/bin/sh", "busybox").bytes(), "'/bin/sh' has an absolute path");
	}

	@Test
	void unpackRefusesAnAbsolutePathGivenAsAPaxPathRecord() {
		String name = "/" + "d".repeat(120) + "/x";
		assertRefused(new TestTar().file(name, "x").bytes(TarArchiveOutputStream.LONGFILE_POSIX),
				name + "' has an absolute path");
		assertThat(this.root.resolve("d".repeat(120))).doesNotExist();
	}

	@Test
	void unpackRefusesAnAbsolutePathGivenAsAGnuLongName() {
		String name = "/" + "g".repeat(120) + "/x";
		assertRefused(new TestTar().file(name, "x").bytes(TarArchiveOutputStream.LONGFILE_GNU),
				name + "' has an absolute path");
	}

	@Test
	void longRelativeNamesKeepWorkingInBothLongNameForms() {
		String name = "./" + "l".repeat(120) + "/file";
		unpack(new TestTar().file(name, "pax").bytes(TarArchiveOutputStream.LONGFILE_POSIX));
		assertThat(this.root.resolve("l".repeat(120) + "/file")).hasContent("pax");
		unpack(new TestTar().file(name, "gnu").bytes(TarArchiveOutputStream.LONGFILE_GNU));
		assertThat(this.root.resolve("l".repeat(120) + "/file")).hasContent("gnu");
	}

	@Test
	void dotSlashPrefixedEntriesAreUnpacked() {
		unpack(new TestTar().dir("./").dir("./etc/").file("./etc/motd", "hi").bytes());
		assertThat(this.root.resolve("etc/motd")).hasContent("hi");
	}

	@Test
	void unpackRefusesAHardLinkToAnAbsolutePath() {
		unpackRefusedHardLink("/etc/passwd");
	}

	private void unpackRefusedHardLink(String target) {
		assertThatThrownBy(() -> unpack(new TestTar().file("etc/passwd", "p").hardlink("h", target).bytes()))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("'h' is a hard link to '" + target + "'");
		assertThat(this.root.resolve("h")).doesNotExist();
	}

	@Test
	void laterEntryReplacesAnEarlierOneOfAnotherType() throws Exception {
		unpack(new TestTar().file("x", "file").symlink("x", "elsewhere").bytes());
		assertThat(Files.readSymbolicLink(this.root.resolve("x"))).isEqualTo(Path.of("elsewhere"));
	}

	@Test
	void unpackRefusesADotDotEntry() {
		assertRefused(new TestTar().file("../escaped", "x").bytes(), "../escaped");
		assertThat(this.temp.resolve("escaped")).doesNotExist();
	}

	@Test
	void unpackRefusesADotDotComponentInsideThePath() {
		assertRefused(new TestTar().dir("a").file("a/../../escaped", "x").bytes(), "a/../../escaped");
		assertThat(this.temp.resolve("escaped")).doesNotExist();
	}

	@Test
	void unpackRefusesEntryThatEscapesThroughAnAbsoluteSymlink() {
		byte[] layer = new TestTar().symlink("evil", this.outside.toString()).file("evil/pwned", "x").bytes();
		assertRefused(layer, "evil/pwned");
		assertThat(this.outside.resolve("pwned")).doesNotExist();
	}

	@Test
	void unpackRefusesEntryThatEscapesThroughARelativeSymlink() {
		byte[] layer = new TestTar().dir("a").symlink("a/up", "../../outside").file("a/up/pwned", "x").bytes();
		assertRefused(layer, "a/up/pwned");
		assertThat(this.outside.resolve("pwned")).doesNotExist();
	}

	@Test
	void unpackRefusesWritingThroughASymlinkEvenInsideTheRoot() {
		assertRefused(new TestTar().dir("real").symlink("link", "real").file("link/file", "x").bytes(), "link/file");
		assertThat(this.root.resolve("real/file")).doesNotExist();
	}

	@Test
	void unpackRefusesAHardLinkThatEscapes() {
		assertRefused(new TestTar().hardlink("h", "../outside/secret").bytes(), "h");
	}

	@Test
	void unpackRefusesAHardLinkToAFileNotInTheLayer() throws Exception {
		Files.writeString(this.outside.resolve("secret"), "s");
		assertRefused(new TestTar().hardlink("h", this.outside.resolve("secret").toString()).bytes(), "h");
		assertThat(this.root.resolve("h")).doesNotExist();
	}

	@Test
	void unpackRefusesAHardLinkThroughASymlink() throws Exception {
		Files.writeString(this.outside.resolve("secret"), "s");
		byte[] layer = new TestTar().symlink("s", this.outside.toString()).hardlink("h", "s/secret").bytes();
		assertRefused(layer, "'h'");
		assertThat(this.root.resolve("h")).doesNotExist();
	}

	@Test
	void unpackRefusesALayerLargerThanTheCap() {
		LayerUnpacker small = new LayerUnpacker(this.syscalls, 8192);
		byte[] layer = new TestTar().file("big", new byte[20000], 0644, 0, 0).bytes();
		assertThatThrownBy(() -> small.unpack(new ByteArrayInputStream(layer), this.root, null))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("8192")
			.hasMessageContaining("big");
	}

	@Test
	void unpackRefusesATruncatedTar() {
		byte[] tar = new TestTar().file("data", new byte[4000], 0644, 0, 0).bytes();
		byte[] truncated = Arrays.copyOf(tar, 512 + 1000);
		assertRefused(truncated, "data");
	}

	@Test
	void unpackRefusesATarThatStopsBetweenEntriesWithoutItsEndRecord() {
		byte[] tar = new TestTar().file("first", new byte[512], 0644, 0, 0).file("second", "x").bytes();
		assertRefused(Arrays.copyOf(tar, 1024), "end-of-archive");
	}

	@Test
	void unpackRefusesATruncatedGzipLayer() {
		byte[] gzip = TestTar.gzip(new TestTar().file("data", "content").bytes());
		assertRefused(Arrays.copyOf(gzip, gzip.length - 10), "truncated");
	}

	@Test
	void unpackRefusesACorruptGzipLayer() {
		byte[] gzip = TestTar.gzip(new TestTar().file("data", "content ".repeat(100)).bytes());
		for (int i = 20; i < 40; i++) {
			gzip[i] ^= 0x5a;
		}
		assertThatThrownBy(() -> unpack(gzip)).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("not a valid tar");
	}

	@Test
	void unpackRefusesBytesThatAreNotATar() {
		byte[] garbage = "this is not a tar archive at all, just text".repeat(20).getBytes(StandardCharsets.UTF_8);
		assertThatThrownBy(() -> unpack(garbage)).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("not a valid tar");
	}

	@Test
	void zstdLayersAreUnpackedAndTheirDiffIdIsOfTheUncompressedTar() throws Exception {
		byte[] tar = new TestTar().dir("etc")
			.file("etc/motd", "compressed with zstd")
			.symlink("etc/link", "motd")
			.bytes();
		byte[] zstd = Zstd.compress(tar, 3);
		assertThat(zstd).startsWith((byte) 0x28, (byte) 0xb5, (byte) 0x2f, (byte) 0xfd);
		LayerUnpacker.Result result = this.unpacker.unpack(new ByteArrayInputStream(zstd), this.root,
				TestTar.sha256(tar));
		assertThat(result.diffId()).isEqualTo(TestTar.sha256(tar));
		assertThat(this.root.resolve("etc/motd")).hasContent("compressed with zstd");
		assertThat(Files.readSymbolicLink(this.root.resolve("etc/link"))).isEqualTo(Path.of("motd"));
	}

	@Test
	void aCorruptZstdLayerIsRefusedAsCorrupt() {
		byte[] zstd = Zstd.compress(new TestTar().file("data", "content ".repeat(100)).bytes(), 3);
		for (int i = 12; i < zstd.length - 4; i++) {
			zstd[i] ^= 0x5a;
		}
		assertThatThrownBy(() -> unpack(zstd)).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("corrupt");
	}

	@Test
	void aZstdBombStopsAtTheUnpackLimit() {
		byte[] zstd = Zstd.compress(new TestTar().file("zeros", new byte[4 << 20], 0644, 0, 0).bytes(), 3);
		assertThat(zstd.length).isLessThan(4096);
		LayerUnpacker small = new LayerUnpacker(this.syscalls, 1 << 20);
		assertThatThrownBy(() -> small.unpack(new ByteArrayInputStream(zstd), this.root, null))
			.isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("unpack limit");
	}

	private void assertRefused(byte[] layer, String entry) {
		assertThatThrownBy(() -> unpack(layer)).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining(entry);
	}

}

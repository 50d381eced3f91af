package dev.bulkhead.backend.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import dev.bulkhead.backend.BulkheadApplication;
import dev.bulkhead.runtime.errors.InternalException;

import org.springframework.stereotype.Service;

@Service
public class SystemInfoService {

	private static final Path OS_RELEASE = Path.of("/proc/sys/kernel/osrelease");

	private static final Path MOUNTS = Path.of("/proc/self/mounts");

	private final BulkheadProperties properties;

	private final ExecutableLocator executables;

	SystemInfoService(BulkheadProperties properties, ExecutableLocator executables) {
		this.properties = properties;
		this.executables = executables;
	}

	public SystemInfo info() {
		return new SystemInfo(version(), this.properties.dataRoot().toAbsolutePath().toString(),
				this.properties.runRoot().toAbsolutePath().toString(),
				new SystemInfo.Runtime(locate(this.properties.runtime().runc()),
						locate(this.properties.runtime().conmon())),
				readFirstLine(OS_RELEASE), CgroupVersion.fromMounts(readLines(MOUNTS)).label());
	}

	private String locate(String program) {
		return this.executables.locate(program).map(Path::toString).orElse(null);
	}

	private static String version() {
		return Optional.ofNullable(BulkheadApplication.class.getPackage().getImplementationVersion())
			.orElse("development");
	}

	private static String readFirstLine(Path file) {
		return readLines(file).stream().findFirst().map(String::trim).orElse("");
	}

	private static List<String> readLines(Path file) {
		try {
			return Files.readAllLines(file);
		}
		catch (IOException ex) {
			throw new InternalException("cannot read " + file + "; is /proc mounted?", ex);
		}
	}

}

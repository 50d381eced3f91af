package dev.bulkhead.runtime.runner;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way Bulkhead starts conmon, the per-container monitor that calls
 * {@code runc create}, keeps the container's logs, records its exit code and OOM kill,
 * and outlives the server. conmon reports the created container's pid (or runc's error)
 * on a sync pipe named by {@code _OCI_SYNCPIPE}. A Java process cannot hand a child an
 * extra file descriptor, so conmon is started through {@code /bin/sh} with descriptor 3
 * piped into {@code head -n 1}, whose output is ours. The shell also keeps our direct
 * child alive until that line has arrived: conmon's first process exits at once (it forks
 * to outlive the server), and the JDK closes a child's stdout pipe as soon as the child
 * exits, which lost the line now and then.
 */
public final class ConmonClient {

	private static final int SYNC_FD = 3;

	private final Path binary;

	private final RuncClient runc;

	private final JsonMapper json;

	public ConmonClient(Path binary, RuncClient runc, JsonMapper json) {
		this.binary = binary;
		this.runc = runc;
		this.json = json;
	}

	/**
	 * Has conmon create the container (not start it) and returns the pid of its init
	 * process. Throws {@link RuntimeCommandException} with runc's message when creation
	 * fails.
	 */
	public int create(Launch launch) {
		List<String> command = new ArrayList<>(
				List.of("/bin/sh", "-c", "\"$@\" " + SYNC_FD + ">&1 >/dev/null | head -n 1", "conmon"));
		command.addAll(arguments(launch));
		ProcessBuilder builder = new ProcessBuilder(command).directory(launch.persistDir().toFile())
			.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
			.redirectError(launch.persistDir().resolve("conmon.stderr").toFile());
		builder.environment().put("_OCI_SYNCPIPE", Integer.toString(SYNC_FD));
		try {
			Process process = builder.start();
			String line;
			try (BufferedReader reader = new BufferedReader(
					new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
				line = reader.readLine();
			}
			int exit = process.waitFor();
			if (line == null) {
				throw new RuntimeCommandException("conmon", "create", exit,
						conmonError(launch.persistDir().resolve("conmon.stderr")));
			}
			SyncMessage message = this.json.readValue(line, SyncMessage.class);
			if (message.data() < 0) {
				throw new RuntimeCommandException(this.runc.name(), "create", 1,
						this.runc.lastError(message.message() != null ? message.message() : "(no message)"));
			}
			return message.data();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot start conmon at " + this.binary, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("interrupted while creating container " + launch.id(), ex);
		}
	}

	List<String> arguments(Launch launch) {
		List<String> args = new ArrayList<>(List.of(this.binary.toString(), "--api-version", "1", "-c", launch.id(),
				"-u", launch.id().substring(0, 12), "-n", launch.name(), "-r", this.runc.binary().toString(), "-b",
				launch.bundle().toString(), "-p", launch.containerPidFile().toString(), "-l",
				"k8s-file:" + launch.logFile(), "--exit-dir", launch.exitDir().toString(), "--persist-dir",
				launch.persistDir().toString(), "--socket-dir-path", launch.socketDir().toString(), "--conmon-pidfile",
				launch.conmonPidFile().toString()));
		for (String arg : this.runc.globalArgs()) {
			args.add("--runtime-arg");
			args.add(arg);
		}
		return args;
	}

	private static String conmonError(Path stderrFile) {
		try {
			List<String> lines = Files.readAllLines(stderrFile).stream().filter((l) -> !l.isBlank()).toList();
			return lines.isEmpty() ? "conmon exited without reporting a container" : lines.get(lines.size() - 1);
		}
		catch (IOException ex) {
			return "conmon exited without reporting a container";
		}
	}

	/**
	 * Where conmon keeps things for one container.
	 *
	 * @param persistDir conmon's working and persist directory: it writes {@code exit}
	 * and {@code oom} there
	 */
	public record Launch(String id, String name, Path bundle, Path containerPidFile, Path logFile, Path exitDir,
			Path persistDir, Path conmonPidFile, Path socketDir) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record SyncMessage(int data, String message) {
	}

}

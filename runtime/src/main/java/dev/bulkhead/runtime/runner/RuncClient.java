package dev.bulkhead.runtime.runner;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one way Bulkhead calls the OCI runtime binary (runc, or another with the same
 * command line). Global arguments are built here once: the state root lives under
 * Bulkhead's run root, so two servers with different run roots never see each other's
 * containers. A non-zero exit becomes a {@link RuntimeCommandException} carrying the
 * runtime's own last error line.
 */
public final class RuncClient {

	private final Path binary;

	private final Path stateRoot;

	private final CommandRunner commands;

	private final JsonMapper json;

	public RuncClient(Path binary, Path stateRoot, CommandRunner commands, JsonMapper json) {
		this.binary = binary;
		this.stateRoot = stateRoot;
		this.commands = commands;
		this.json = json;
	}

	public Path binary() {
		return this.binary;
	}

	/** Arguments that come before every subcommand (also handed to conmon). */
	/** The runtime's program name, for messages. */
	public String name() {
		return this.binary.getFileName().toString();
	}

	public List<String> globalArgs() {
		return List.of("--root", this.stateRoot.toString(), "--log-format", "json");
	}

	public void start(String id) {
		run("start", id);
	}

	/**
	 * Sends a signal (a name like {@code TERM} or a number) to the container's init
	 * process.
	 */
	public void kill(String id, String signal) {
		run("kill", id, signal);
	}

	/**
	 * Runs a command in a running container with the container's own process settings
	 * (user, capabilities, no new privileges; seccomp applies to every process in it),
	 * and captures its output.
	 */
	public CommandRunner.Bounded exec(String id, List<String> args, java.time.Duration timeout, int maxBytes) {
		List<String> command = new ArrayList<>(command("exec", id));
		command.addAll(args);
		return this.commands.runBounded(command, timeout, maxBytes);
	}

	/**
	 * The command line of an interactive exec: {@code runc exec --tty} (the same process
	 * settings as {@link #exec}) whose own stdin, stdout and stderr are the slave of a
	 * host pseudo-terminal. runc then allocates the container's terminal, makes it the
	 * process's controlling terminal, puts the host one in raw mode and copies between
	 * the two, and follows the host one's size on SIGWINCH. A small {@code /bin/sh} opens
	 * the slave in the child, because a JVM that leads its session (as under systemd)
	 * would otherwise adopt the terminal as its own controlling terminal and receive
	 * SIGHUP when it closes.
	 */
	public List<String> interactiveExecCommand(String id, List<String> args, String slavePath, Path pidFile) {
		List<String> command = new ArrayList<>(
				List.of("/bin/sh", "-c", "exec \"$@\" <>\"$0\" >&0 2>&0", slavePath, this.binary.toString()));
		command.addAll(globalArgs());
		command.addAll(List.of("exec", "--tty", "--env", "TERM=xterm", "--pid-file", pidFile.toString(), id));
		command.addAll(args);
		return command;
	}

	public void pause(String id) {
		run("pause", id);
	}

	public void resume(String id) {
		run("resume", id);
	}

	/** Deletes the runtime's record (and cgroup) of a stopped container. */
	public void delete(String id, boolean force) {
		if (force) {
			run("delete", "--force", id);
		}
		else {
			run("delete", id);
		}
	}

	/** The runtime's view of a container, or empty when it does not know the id. */
	public Optional<State> state(String id) {
		CommandRunner.Result result = this.commands.run(command("state", id));
		if (result.exitCode() != 0) {
			String error = lastError(result.stderr());
			if (error.contains("does not exist") || error.contains("not exist")) {
				return Optional.empty();
			}
			throw new RuntimeCommandException(name(), "state", result.exitCode(), error);
		}
		return Optional.of(this.json.readValue(result.stdout(), State.class));
	}

	/** Ids of every container in this state root. */
	public List<String> list() {
		CommandRunner.Result result = run("list", "--quiet");
		return result.stdout().lines().filter((l) -> !l.isBlank()).toList();
	}

	private CommandRunner.Result run(String... args) {
		List<String> command = command(args);
		CommandRunner.Result result = this.commands.run(command);
		if (result.exitCode() != 0) {
			throw new RuntimeCommandException(name(), args[0], result.exitCode(), lastError(result.stderr()));
		}
		return result;
	}

	private List<String> command(String... args) {
		List<String> command = new ArrayList<>();
		command.add(this.binary.toString());
		command.addAll(globalArgs());
		command.addAll(List.of(args));
		return command;
	}

	/**
	 * The runtime's last error line: runc's JSON log lines carry it in {@code msg};
	 * anything else is taken as it is.
	 */
	String lastError(String stderr) {
		List<String> lines = stderr.lines().filter((l) -> !l.isBlank()).toList();
		if (lines.isEmpty()) {
			return "(no message)";
		}
		String last = lines.get(lines.size() - 1).trim();
		if (last.startsWith("{")) {
			try {
				LogLine line = this.json.readValue(last, LogLine.class);
				if (line.msg() != null) {
					return line.msg();
				}
			}
			catch (RuntimeException ex) {
				// not a JSON log line after all; report it verbatim
			}
		}
		return last;
	}

	/** The output of {@code runc state}. */
	@JsonIgnoreProperties(ignoreUnknown = true)
	public record State(String id, int pid, String status, String bundle) {
	}

	@JsonIgnoreProperties(ignoreUnknown = true)
	record LogLine(String level, String msg) {
	}

}

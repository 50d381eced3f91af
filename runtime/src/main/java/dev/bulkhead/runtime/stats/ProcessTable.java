package dev.bulkhead.runtime.stats;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.LongFunction;

/**
 * Describes processes from a {@code /proc} tree: {@code stat} for the state, parent and
 * CPU time, {@code status} for the user and the pid in the container's namespace,
 * {@code cmdline} for the command line. A process that ends while it is read is left out.
 */
public final class ProcessTable {

	/** Linux reports CPU time in clock ticks of 1/100 s on every architecture it runs. */
	private static final long NANOS_PER_TICK = 10_000_000L;

	private static final long PAGE_SIZE = 4096;

	private final Path proc;

	public ProcessTable(Path proc) {
		this.proc = proc;
	}

	public static ProcessTable host() {
		return new ProcessTable(Path.of("/proc"));
	}

	public List<ProcessInfo> describe(List<Integer> pids, LongFunction<String> userNames) {
		List<ProcessInfo> processes = new ArrayList<>();
		for (int pid : pids) {
			describe(pid, userNames).ifPresent(processes::add);
		}
		return processes;
	}

	Optional<ProcessInfo> describe(int pid, LongFunction<String> userNames) {
		Path dir = this.proc.resolve(Integer.toString(pid));
		try {
			String stat = Files.readString(dir.resolve("stat"));
			// The name is in parentheses and may itself hold spaces and parentheses.
			int open = stat.indexOf('(');
			int close = stat.lastIndexOf(')');
			String name = stat.substring(open + 1, close);
			String[] fields = stat.substring(close + 2).trim().split("\\s+");
			String state = fields[0];
			int ppid = Integer.parseInt(fields[1]);
			long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
			long rssPages = Long.parseLong(fields[21]);
			long uid = -1;
			Integer containerPid = null;
			for (String line : Files.readAllLines(dir.resolve("status"), StandardCharsets.UTF_8)) {
				if (line.startsWith("Uid:")) {
					uid = Long.parseLong(line.substring(4).trim().split("\\s+")[0]);
				}
				else if (line.startsWith("NSpid:")) {
					String[] ids = line.substring(6).trim().split("\\s+");
					containerPid = Integer.valueOf(ids[ids.length - 1]);
				}
			}
			byte[] cmdline = Files.readAllBytes(dir.resolve("cmdline"));
			String command = commandLine(cmdline);
			String user = userNames.apply(uid);
			return Optional
				.of(new ProcessInfo(pid, containerPid, ppid, uid, (user != null) ? user : Long.toString(uid), state,
						rssPages * PAGE_SIZE, ticks * NANOS_PER_TICK, command.isEmpty() ? "[" + name + "]" : command));
		}
		catch (IOException | RuntimeException ex) {
			// It exited between the cgroup listing and now.
			return Optional.empty();
		}
	}

	static String commandLine(byte[] cmdline) {
		int end = cmdline.length;
		while (end > 0 && cmdline[end - 1] == 0) {
			end--;
		}
		StringBuilder text = new StringBuilder(new String(cmdline, 0, end, StandardCharsets.UTF_8));
		for (int i = 0; i < text.length(); i++) {
			if (text.charAt(i) == 0) {
				text.setCharAt(i, ' ');
			}
		}
		return text.toString();
	}

}

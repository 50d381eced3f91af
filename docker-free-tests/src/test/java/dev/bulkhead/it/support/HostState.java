package dev.bulkhead.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * What the kernel and the low-level tools hold for a server's roots: mounts, runc
 * containers, conmon processes and cgroups. Used to prove that nothing leaks.
 */
public final class HostState {

	private HostState() {
	}

	/** Whether this JVM runs as root with runc and conmon installed. */
	public static boolean canRunContainers() {
		return "root".equals(System.getProperty("user.name")) && onPath("runc") && onPath("conmon");
	}

	public static boolean onPath(String program) {
		for (String dir : System.getenv().getOrDefault("PATH", "/usr/bin:/usr/sbin").split(":")) {
			if (Files.isExecutable(Path.of(dir, program))) {
				return true;
			}
		}
		return false;
	}

	/** Mount points at or below {@code root}. */
	public static List<String> mountsUnder(Path root) {
		List<String> mounts = new ArrayList<>();
		try {
			for (String line : Files.readAllLines(Path.of("/proc/self/mountinfo"))) {
				String[] fields = line.split(" ");
				String mountPoint = fields[4].replace("\\040", " ");
				if (mountPoint.startsWith(root.toAbsolutePath().toString())) {
					mounts.add(mountPoint);
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return mounts;
	}

	/** Ids in runc's state root under the server's run root. */
	public static List<String> runcContainers(Path runRoot) {
		Path stateRoot = runRoot.resolve("runc");
		if (!Files.isDirectory(stateRoot)) {
			return List.of();
		}
		try {
			Process process = new ProcessBuilder("runc", "--root", stateRoot.toString(), "list", "-q").start();
			String out = new String(process.getInputStream().readAllBytes());
			process.waitFor(10, TimeUnit.SECONDS);
			return out.lines().filter((l) -> !l.isBlank()).toList();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/** Command lines of conmon processes started for this run root. */
	public static List<String> conmonProcesses(Path runRoot) {
		List<String> found = new ArrayList<>();
		try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
			for (Path proc : procs) {
				try {
					String cmdline = new String(Files.readAllBytes(proc.resolve("cmdline"))).replace('\0', ' ');
					if (cmdline.contains("conmon") && cmdline.contains(runRoot.toAbsolutePath().toString())) {
						found.add(proc.getFileName() + ": " + cmdline);
					}
				}
				catch (IOException ex) {
					// the process ended while we looked
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		return found;
	}

	/**
	 * cgroup directories left for any of these container ids, in any v1 or v2 hierarchy.
	 */
	public static List<String> cgroupsOf(Collection<String> containerIds) {
		List<String> found = new ArrayList<>();
		Path root = Path.of("/sys/fs/cgroup");
		try (DirectoryStream<Path> hierarchies = Files.newDirectoryStream(root)) {
			for (Path hierarchy : hierarchies) {
				for (String id : containerIds) {
					Path dir = hierarchy.resolve("bulkhead").resolve(id);
					if (Files.isDirectory(dir)) {
						found.add(dir.toString());
					}
				}
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		for (String id : containerIds) {
			if (Files.isDirectory(root.resolve("bulkhead").resolve(id))) {
				found.add(root.resolve("bulkhead").resolve(id).toString());
			}
		}
		return found;
	}

	/**
	 * Removes a test's temporary roots; refuses while anything is still mounted there.
	 */
	public static void deleteRoots(Path dir) {
		if (!mountsUnder(dir).isEmpty()) {
			throw new IllegalStateException("still mounted under " + dir + ": " + mountsUnder(dir));
		}
		try (var paths = Files.walk(dir)) {
			for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
				Files.deleteIfExists(path);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

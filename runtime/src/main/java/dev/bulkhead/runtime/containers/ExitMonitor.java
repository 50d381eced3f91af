package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the directory where conmon writes one file per exited container (named by the
 * container id) and reports each. A periodic rescan covers events the kernel dropped.
 */
final class ExitMonitor implements AutoCloseable {

	private static final Logger log = LoggerFactory.getLogger(ExitMonitor.class);

	private final Path directory;

	private final Consumer<String> onExit;

	private final WatchService watcher;

	private final Thread thread;

	private volatile boolean closed;

	ExitMonitor(Path directory, Consumer<String> onExit) {
		this.directory = directory;
		this.onExit = onExit;
		try {
			this.watcher = FileSystems.getDefault().newWatchService();
			directory.register(this.watcher, StandardWatchEventKinds.ENTRY_CREATE,
					StandardWatchEventKinds.ENTRY_MODIFY);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot watch " + directory, ex);
		}
		this.thread = new Thread(this::run, "bulkhead-exit-monitor");
		this.thread.setDaemon(true);
	}

	void start() {
		this.thread.start();
	}

	private void run() {
		while (!this.closed) {
			try {
				WatchKey key = this.watcher.poll(2, TimeUnit.SECONDS);
				if (key == null) {
					rescan();
					continue;
				}
				for (WatchEvent<?> event : key.pollEvents()) {
					if (event.kind() == StandardWatchEventKinds.OVERFLOW) {
						rescan();
					}
					else if (event.context() instanceof Path name && !name.toString().startsWith(".")) {
						report(name.toString());
					}
				}
				key.reset();
			}
			catch (ClosedWatchServiceException ex) {
				return;
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void rescan() {
		try (DirectoryStream<Path> files = Files.newDirectoryStream(this.directory)) {
			for (Path file : files) {
				String name = file.getFileName().toString();
				if (!name.startsWith(".")) {
					report(name);
				}
			}
		}
		catch (IOException ex) {
			log.warn("Cannot scan {} for exited containers: {}", this.directory, ex.getMessage());
		}
	}

	private void report(String id) {
		try {
			this.onExit.accept(id);
		}
		catch (RuntimeException ex) {
			log.error("Recording the exit of container {} failed", id, ex);
		}
	}

	@Override
	public void close() {
		this.closed = true;
		try {
			this.watcher.close();
		}
		catch (IOException ex) {
			log.debug("Closing the exit watcher: {}", ex.getMessage());
		}
		this.thread.interrupt();
	}

}

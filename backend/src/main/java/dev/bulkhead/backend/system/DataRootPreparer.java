package dev.bulkhead.backend.system;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import javax.sql.DataSource;

import dev.bulkhead.runtime.errors.FailedPreconditionException;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * Creates the data root and its database directory before the first {@link DataSource} is
 * initialised, so that a fresh host needs no manual preparation. Directories that already
 * exist keep their permissions: an administrator may have chosen them.
 */
class DataRootPreparer implements BeanPostProcessor {

	static final String DEFAULT_DATA_ROOT = "/var/lib/bulkhead";

	private final Environment environment;

	private volatile boolean prepared;

	DataRootPreparer(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof DataSource && !this.prepared) {
			prepare(dataRoot(this.environment));
			this.prepared = true;
		}
		return bean;
	}

	static Path dataRoot(Environment environment) {
		return Binder.get(environment)
			.bind("bulkhead.data-root", Path.class)
			.orElse(Path.of(DEFAULT_DATA_ROOT))
			.toAbsolutePath();
	}

	static void prepare(Path dataRoot) {
		// Others may traverse the data root (container processes reach their rootfs
		// through it) but not list it; the database is the server's alone.
		createDirectory(dataRoot, "rwx--x--x");
		createDirectory(dataRoot.resolve("db"), "rwx------");
	}

	private static void createDirectory(Path dir, String permissions) {
		if (Files.isDirectory(dir)) {
			return;
		}
		try {
			if (dir.getParent() != null) {
				Files.createDirectories(dir.getParent());
			}
			Files.createDirectory(dir,
					PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(permissions)));
		}
		catch (IOException ex) {
			throw new FailedPreconditionException(
					"cannot create " + dir + "; create it yourself or point bulkhead.data-root at a writable directory",
					ex);
		}
	}

}

package dev.bulkhead.backend.system;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The {@code bulkhead.*} properties. Two servers with different data and run roots must
 * not disturb each other, so every path the server writes lives under one of the two
 * roots.
 *
 * @param dataRoot where persistent state lives: blobs, snapshots, containers, the
 * database
 * @param runRoot where runtime state lives that does not survive a reboot: sockets, pid
 * files
 * @param runtime the low-level programs containers are handed to
 * @param cni the CNI plugins networks are made with
 */
@ConfigurationProperties("bulkhead")
public record BulkheadProperties(@DefaultValue("/var/lib/bulkhead") Path dataRoot,
		@DefaultValue("/run/bulkhead") Path runRoot, @DefaultValue OciRuntime runtime, @DefaultValue Cni cni) {

	/**
	 * The OCI runtime and the monitor; a bare name is looked up on {@code PATH}.
	 *
	 * @param runc the OCI runtime binary ({@code bulkhead.runtime.runc})
	 * @param conmon the container monitor binary ({@code bulkhead.runtime.conmon})
	 */
	public record OciRuntime(@DefaultValue("runc") String runc, @DefaultValue("conmon") String conmon) {

	}

	/**
	 * The CNI plugins.
	 *
	 * @param pluginDir the directory holding the plugin binaries
	 * ({@code bulkhead.cni.plugin-dir})
	 */
	public record Cni(@DefaultValue("/usr/lib/cni") Path pluginDir) {

	}

}

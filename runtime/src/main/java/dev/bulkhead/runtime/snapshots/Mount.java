package dev.bulkhead.runtime.snapshots;

import java.util.List;

/**
 * One mount as containerd describes it: a filesystem type, a source and mount options in
 * mount(8) syntax (e.g. {@code lowerdir=...}, {@code ro}).
 */
public record Mount(String type, String source, List<String> options) {

	public Mount {
		options = List.copyOf(options);
	}

}

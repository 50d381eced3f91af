package dev.bulkhead.backend.system;

import java.util.List;

/**
 * Which cgroup hierarchy the host runs: the unified v2 tree at {@code /sys/fs/cgroup},
 * the v1 per-controller trees, or both at once (v1 controllers plus a v2 tree, usually at
 * {@code /sys/fs/cgroup/unified}).
 */
enum CgroupVersion {

	V1("v1"), V2("v2"), HYBRID("hybrid"), NONE("none");

	private static final String CGROUP_ROOT = "/sys/fs/cgroup";

	private final String label;

	CgroupVersion(String label) {
		this.label = label;
	}

	String label() {
		return this.label;
	}

	/**
	 * Reads the answer from the content of {@code /proc/self/mounts}.
	 */
	static CgroupVersion fromMounts(List<String> mountLines) {
		boolean v1 = false;
		boolean v2 = false;
		boolean v2AtRoot = false;
		for (String line : mountLines) {
			String[] fields = line.trim().split("\\s+");
			if (fields.length < 3) {
				continue;
			}
			String mountPoint = fields[1];
			String type = fields[2];
			if (!mountPoint.equals(CGROUP_ROOT) && !mountPoint.startsWith(CGROUP_ROOT + "/")) {
				continue;
			}
			if (type.equals("cgroup2")) {
				v2 = true;
				v2AtRoot |= mountPoint.equals(CGROUP_ROOT);
			}
			else if (type.equals("cgroup")) {
				v1 = true;
			}
		}
		if (v2AtRoot && !v1) {
			return V2;
		}
		if (v1 && v2) {
			return HYBRID;
		}
		if (v1) {
			return V1;
		}
		return v2 ? V2 : NONE;
	}

}

package dev.bulkhead.runtime.images;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The platform an image index entry is built for. JSON names are the image spec's.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Platform(@JsonProperty("architecture") String architecture, @JsonProperty("os") String os,
		@JsonProperty("variant") String variant) {

	/**
	 * The platform of this host in OCI terms: {@code os.arch}
	 * {@code amd64}/{@code x86_64} is {@code amd64}, {@code aarch64} is {@code arm64}.
	 */
	public static Platform host() {
		return new Platform(ociArchitecture(System.getProperty("os.arch")), "linux", null);
	}

	static String ociArchitecture(String javaArch) {
		return switch (javaArch) {
			case "amd64", "x86_64" -> "amd64";
			case "aarch64", "arm64" -> "arm64";
			case "arm" -> "arm";
			case "ppc64le" -> "ppc64le";
			case "s390x" -> "s390x";
			case "riscv64" -> "riscv64";
			default -> javaArch;
		};
	}

	/** Whether this platform runs an image built for {@code other} (variant ignored). */
	public boolean matches(Platform other) {
		return other != null && this.architecture.equals(other.architecture()) && this.os.equals(other.os());
	}

	@Override
	public String toString() {
		return this.os + "/" + this.architecture + ((this.variant != null) ? "/" + this.variant : "");
	}

}

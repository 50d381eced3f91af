package dev.bulkhead.security.profiles;

import java.util.Objects;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * A condition on one syscall argument, as in the OCI
 * {@code linux.seccomp.syscalls[].args} array. The spec's values are unsigned 64-bit;
 * values above {@link Long#MAX_VALUE} are not representable here, which no Bulkhead
 * profile needs.
 *
 * @param index zero-based position of the argument
 * @param value value compared with the argument (the mask for {@code SCMP_CMP_MASKED_EQ})
 * @param valueTwo second value, used only by {@code SCMP_CMP_MASKED_EQ}; 0 when absent
 * @param op comparison, e.g. {@code SCMP_CMP_EQ}
 */
@JsonIgnoreProperties(ignoreUnknown = true)
@JsonPropertyOrder({ "index", "value", "valueTwo", "op" })
public record SyscallArg(int index, long value, long valueTwo, String op) {

	public SyscallArg {
		if (index < 0 || index > 5) {
			throw new IllegalArgumentException("seccomp argument index " + index + " is outside 0..5");
		}
		Objects.requireNonNull(op, () -> "seccomp condition on argument " + index + " needs an op");
	}

	// The spec marks valueTwo optional, so profiles written elsewhere often omit it.
	@JsonCreator
	static SyscallArg fromJson(@JsonProperty("index") int index, @JsonProperty("value") long value,
			@JsonProperty("valueTwo") Long valueTwo, @JsonProperty("op") String op) {
		return new SyscallArg(index, value, (valueTwo != null) ? valueTwo : 0L, op);
	}

}

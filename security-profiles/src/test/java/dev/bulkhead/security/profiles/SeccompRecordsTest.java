package dev.bulkhead.security.profiles;

import java.util.List;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SeccompRecordsTest {

	private final JsonMapper mapper = JsonMapper.builder().build();

	@Test
	void leavesOutAbsentOptionalFieldsWhenWritten() {
		SeccompProfile profile = new SeccompProfile("SCMP_ACT_ERRNO", null, List.of("SCMP_ARCH_X86_64"), null,
				List.of(new SyscallRule(List.of("read"), "SCMP_ACT_ALLOW", null, null)));

		String json = this.mapper.writeValueAsString(profile);

		assertThat(this.mapper.readTree(json)).isEqualTo(this.mapper.readTree("""
				{"defaultAction":"SCMP_ACT_ERRNO","architectures":["SCMP_ARCH_X86_64"],
				 "syscalls":[{"names":["read"],"action":"SCMP_ACT_ALLOW"}]}"""));
	}

	@Test
	void writesArgumentsWithTheOciFieldNames() {
		SyscallRule rule = new SyscallRule(List.of("clone"), "SCMP_ACT_ALLOW", null,
				List.of(new SyscallArg(0, 0x7E020000L, 0, "SCMP_CMP_MASKED_EQ")));

		assertThat(this.mapper.readTree(this.mapper.writeValueAsString(rule))).isEqualTo(this.mapper.readTree("""
				{"names":["clone"],"action":"SCMP_ACT_ALLOW",
				 "args":[{"index":0,"value":2114060288,"valueTwo":0,"op":"SCMP_CMP_MASKED_EQ"}]}"""));
	}

	@Test
	void readsProfilesWithUnknownFieldsAndWithoutValueTwo() {
		SeccompProfile profile = this.mapper.readValue("""
				{"defaultAction":"SCMP_ACT_ERRNO","listenerPath":"/run/x.sock","flags":["SECCOMP_FILTER_FLAG_LOG"],
				 "syscalls":[{"names":["personality"],"action":"SCMP_ACT_ALLOW","comment":"x",
				              "args":[{"index":0,"value":8,"op":"SCMP_CMP_EQ"}]}]}""", SeccompProfile.class);

		assertThat(profile.flags()).containsExactly("SECCOMP_FILTER_FLAG_LOG");
		assertThat(profile.architectures()).isNull();
		assertThat(profile.syscalls()).singleElement()
			.extracting(SyscallRule::args)
			.isEqualTo(List.of(new SyscallArg(0, 8, 0, "SCMP_CMP_EQ")));
	}

	@Test
	void refusesARuleThatNamesNoSyscalls() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SyscallRule(List.of(), "SCMP_ACT_ALLOW", null, null))
			.withMessageContaining("names no syscalls");
	}

	@Test
	void refusesAnArgumentIndexBeyondTheSixSyscallArguments() {
		assertThatIllegalArgumentException().isThrownBy(() -> new SyscallArg(6, 0, 0, "SCMP_CMP_EQ"))
			.withMessageContaining("0..5");
	}

}

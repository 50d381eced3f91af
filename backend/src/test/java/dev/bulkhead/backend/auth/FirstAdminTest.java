package dev.bulkhead.backend.auth;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestBuilders.formLogin;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.authenticated;
import static org.springframework.security.test.web.servlet.response.SecurityMockMvcResultMatchers.unauthenticated;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A fresh data root without {@code BULKHEAD_ADMIN_PASSWORD}: the server generates the
 * first admin's password and leaves it where only its own user can read it.
 */
@SpringBootTest
@AutoConfigureMockMvc
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class FirstAdminTest {

	@TempDir
	static Path tempDir;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		// A data root that does not exist yet, as on a fresh host.
		registry.add("bulkhead.data-root", () -> tempDir.resolve("fresh/data").toString());
		registry.add("bulkhead.run-root", () -> tempDir.resolve("run").toString());
	}

	@Autowired
	MockMvc mvc;

	@Autowired
	UserRepository users;

	@Test
	void generatedPasswordIsWrittenOwnerOnlyAndOpensTheAdminAccount() throws Exception {
		Path file = tempDir.resolve("fresh/data").resolve(InitialPasswordFile.FILE_NAME);
		assertThat(file).exists();
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
		String password = Files.readString(file).strip();
		assertThat(password).hasSizeGreaterThanOrEqualTo(20);

		this.mvc.perform(formLogin("/login").user("admin").password(password))
			.andExpect(redirectedUrl("/"))
			.andExpect(authenticated().withAuthenticationPrincipal(
					new BulkheadUser(this.users.findByUsername("admin").orElseThrow().id(), "admin", true)));
		this.mvc
			.perform(post("/api/v1/tokens").with(httpBasic("admin", password))
				.contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"first\"}"))
			.andExpect(status().isCreated());
	}

	@Test
	void wrongPasswordDoesNotLogIn() throws Exception {
		this.mvc.perform(formLogin("/login").user("admin").password("admin"))
			.andExpect(redirectedUrl("/login?error"))
			.andExpect(unauthenticated());
	}

	@Test
	void exactlyOneAdministratorIsCreatedAndItIsAnAdmin() {
		assertThat(this.users.count()).isEqualTo(1);
		assertThat(this.users.findByUsername("admin")).hasValueSatisfying((user) -> {
			assertThat(user.admin()).isTrue();
			assertThat(user.passwordHash()).startsWith("{bcrypt}");
		});
	}

	@Test
	void databaseDirectoryIsPrivateToTheServer() throws Exception {
		Path db = tempDir.resolve("fresh/data/db");
		assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(db))).isEqualTo("rwx------");
	}

}

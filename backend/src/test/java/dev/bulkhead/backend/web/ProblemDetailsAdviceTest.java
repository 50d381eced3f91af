package dev.bulkhead.backend.web;

import java.lang.reflect.Constructor;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import dev.bulkhead.backend.auth.WithBulkheadUser;
import dev.bulkhead.runtime.errors.BulkheadException;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Import;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.startsWith;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.request;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

@SpringBootTest
@AutoConfigureMockMvc
@WithBulkheadUser
@Import(ProblemDetailsAdviceTest.ThrowingController.class)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class ProblemDetailsAdviceTest {

	// Written out here rather than read from ProblemTypes, so that a changed mapping
	// fails this test; a new kind of error without a row here fails it too.
	private static final Map<String, Integer> EXPECTED_STATUS = Map.of("NotFoundException", 404, "ConflictException",
			409, "InvalidArgumentException", 400, "FailedPreconditionException", 409, "ForbiddenException", 403,
			"UnavailableException", 503, "InternalException", 500);

	@TempDir
	static Path dataRoot;

	@DynamicPropertySource
	static void properties(DynamicPropertyRegistry registry) {
		registry.add("bulkhead.data-root", () -> dataRoot.toString());
		registry.add("BULKHEAD_ADMIN_PASSWORD", () -> "advice-test-password");
	}

	@Autowired
	MockMvc mvc;

	static Stream<Class<?>> kinds() {
		return Arrays.stream(BulkheadException.class.getPermittedSubclasses());
	}

	@ParameterizedTest
	@MethodSource("kinds")
	void eachKindOfDomainErrorIsAProblemWithItsStatusTypeAndMessage(Class<?> kind) throws Exception {
		assertThat(EXPECTED_STATUS).containsKey(kind.getSimpleName());
		String expectedKind = newError(kind).kind();
		this.mvc.perform(get("/api/test/errors").param("type", kind.getName()))
			.andExpect(status().is(EXPECTED_STATUS.get(kind.getSimpleName())))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/" + expectedKind))
			.andExpect(jsonPath("$.status").value(EXPECTED_STATUS.get(kind.getSimpleName())))
			.andExpect(jsonPath("$.title").isNotEmpty())
			.andExpect(jsonPath("$.detail").value("widget w1 is broken; fix it"));
	}

	@ParameterizedTest
	@MethodSource("kinds")
	void htmxRequestsGetTheErrorFragmentRetargetedAtTheErrorsArea(Class<?> kind) throws Exception {
		this.mvc.perform(get("/ui-test/errors").param("type", kind.getName()).header("HX-Request", "true"))
			.andExpect(status().is(EXPECTED_STATUS.get(kind.getSimpleName())))
			.andExpect(content().contentTypeCompatibleWith(MediaType.TEXT_HTML))
			.andExpect(header().string("HX-Retarget", "#errors"))
			.andExpect(header().string("HX-Reswap", "innerHTML"))
			.andExpect(content().string(containsString("class=\"problem\"")))
			.andExpect(content().string(containsString("widget w1 is broken; fix it")));
	}

	@Test
	void aFormWithItsOwnErrorAreaGetsTheErrorThereAndAnyOtherTargetTheErrorsArea() throws Exception {
		String kind = "dev.bulkhead.runtime.errors.InvalidArgumentException";
		this.mvc
			.perform(get("/ui-test/errors").param("type", kind)
				.header("HX-Request", "true")
				.header("HX-Target", "tag-errors"))
			.andExpect(header().string("HX-Retarget", "#tag-errors"));
		this.mvc.perform(
				get("/ui-test/errors").param("type", kind).header("HX-Request", "true").header("HX-Target", "summary"))
			.andExpect(header().string("HX-Retarget", "#errors"));
		this.mvc
			.perform(get("/ui-test/errors").param("type", kind)
				.header("HX-Request", "true")
				.header("HX-Target", "x\"><script>-errors"))
			.andExpect(header().string("HX-Retarget", "#errors"));
	}

	@Test
	void browserPageErrorsGoToTheErrorPageWithTheProblem() throws Exception {
		this.mvc
			.perform(get("/ui-test/errors").param("type", "dev.bulkhead.runtime.errors.NotFoundException")
				.header(HttpHeaders.ACCEPT, "text/html"))
			.andExpect(status().isNotFound())
			.andExpect(request().attribute(ProblemResponses.PROBLEM_ATTRIBUTE, org.hamcrest.Matchers
				.hasProperty("detail", org.hamcrest.Matchers.is("widget w1 is broken; fix it"))));
	}

	@Test
	void malformedJsonIsABadRequestThatSaysSo() throws Exception {
		this.mvc.perform(post("/api/test/widgets").contentType(MediaType.APPLICATION_JSON).content("{\"name\": "))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail", startsWith("the request body is not valid JSON: ")));
	}

	@Test
	void wronglyTypedJsonNamesTheField() throws Exception {
		this.mvc
			.perform(post("/api/test/widgets").contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \"a\", \"count\": \"many\"}"))
			.andExpect(status().isBadRequest())
			.andExpect(jsonPath("$.detail", containsString("count")));
	}

	@Test
	void validationErrorsListEveryField() throws Exception {
		this.mvc
			.perform(post("/api/test/widgets").contentType(MediaType.APPLICATION_JSON)
				.content("{\"name\": \" \", \"count\": 0}"))
			.andExpect(status().isBadRequest())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/invalid-argument"))
			.andExpect(jsonPath("$.errors[*].field", hasItem("name")))
			.andExpect(jsonPath("$.errors[*].field", hasItem("count")))
			.andExpect(jsonPath("$.detail", containsString("name")))
			.andExpect(jsonPath("$.detail", containsString("count")));
	}

	@Test
	void unsupportedMediaTypeIs415() throws Exception {
		this.mvc.perform(post("/api/test/widgets").contentType(MediaType.TEXT_PLAIN).content("name=a"))
			.andExpect(status().isUnsupportedMediaType())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail", containsString("application/json")));
	}

	@Test
	void wrongMethodIs405WithTheAllowedOnes() throws Exception {
		this.mvc.perform(put("/api/test/widgets").with(csrf()))
			.andExpect(status().isMethodNotAllowed())
			.andExpect(header().string(HttpHeaders.ALLOW, containsString("POST")))
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.detail", containsString("PUT")));
	}

	@Test
	void unknownApiRouteIsA404Problem() throws Exception {
		this.mvc.perform(get("/api/v1/no-such-thing"))
			.andExpect(status().isNotFound())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("https://bulkhead.dev/problems/not-found"))
			.andExpect(jsonPath("$.detail", containsString("/api/v1/no-such-thing")));
	}

	@Test
	void unexpectedFailureIsA500WithAnIdForTheLogButNoInternals() throws Exception {
		this.mvc.perform(get("/api/test/boom"))
			.andExpect(status().isInternalServerError())
			.andExpect(content().contentType(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.errorId").isString())
			.andExpect(jsonPath("$.detail", org.hamcrest.Matchers.not(containsString("secret internals"))));
	}

	static BulkheadException newError(Class<?> kind) throws Exception {
		Constructor<?> constructor = kind.getConstructor(String.class);
		return (BulkheadException) constructor.newInstance("widget w1 is broken; fix it");
	}

	record Widget(@NotBlank String name, @Min(1) int count) {

	}

	@RestController
	static class ThrowingController {

		@GetMapping({ "/api/test/errors", "/ui-test/errors" })
		String fail(@RequestParam String type) throws Exception {
			throw newError(Class.forName(type));
		}

		@PostMapping("/api/test/widgets")
		Widget create(@Valid @RequestBody Widget widget) {
			return widget;
		}

		@GetMapping("/api/test/boom")
		String boom() {
			throw new IllegalStateException("secret internals");
		}

	}

}

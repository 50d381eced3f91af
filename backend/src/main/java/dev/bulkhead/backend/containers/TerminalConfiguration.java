package dev.bulkhead.backend.containers;

import java.nio.file.Path;

import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.backend.web.ProblemResponses;
import dev.bulkhead.runtime.containers.ContainerManager;
import dev.bulkhead.runtime.containers.RuntimeSettings;
import dev.bulkhead.runtime.containers.TerminalSessions;
import dev.bulkhead.runtime.runner.CommandRunner;
import dev.bulkhead.runtime.runner.RuncClient;
import dev.bulkhead.runtime.sys.NativePseudoTerminals;
import dev.bulkhead.runtime.sys.Syscalls;
import tools.jackson.databind.json.JsonMapper;

import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.PathParameter;
import io.swagger.v3.oas.models.parameters.QueryParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.socket.config.annotation.EnableWebSocket;
import org.springframework.web.socket.config.annotation.WebSocketConfigurer;
import org.springframework.web.socket.config.annotation.WebSocketHandlerRegistry;

/**
 * The interactive terminal of a container: a WebSocket at
 * {@value TerminalConfiguration#PATH} that carries a {@code runc exec --tty} session.
 * Same-origin only for browsers (Spring's default origin check), which stops another site
 * from riding on a dashboard session cookie.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSocket
class TerminalConfiguration implements WebSocketConfigurer {

	static final String PATH = "/api/v1/containers/{id}/exec/ws";

	private final TerminalSessions sessions;

	private final TeamAccess access;

	private final AuditTrail audit;

	private final ProblemResponses problems;

	TerminalConfiguration(ContainerManager manager, RuntimeSettings settings, Syscalls syscalls, TeamAccess access,
			AuditTrail audit, ProblemResponses problems) {
		RuncClient runc = new RuncClient(settings.runc(), settings.runcRoot(), new CommandRunner(),
				JsonMapper.builder().build());
		this.sessions = new TerminalSessions(manager, runc, new NativePseudoTerminals(), syscalls,
				settings.runRoot().resolve("exec"), Path.of("/proc"));
		this.access = access;
		this.audit = audit;
		this.problems = problems;
	}

	@Override
	public void registerWebSocketHandlers(WebSocketHandlerRegistry registry) {
		registry.addHandler(terminalSocketHandler(), PATH)
			.addInterceptors(new TerminalHandshake(this.sessions, this.access, this.audit, this.problems));
	}

	/**
	 * springdoc sees controllers only; the WebSocket is described here so that the API
	 * document lists it with the rest.
	 */
	@Bean
	OpenApiCustomizer terminalEndpointDocumentation() {
		return (openApi) -> {
			Operation handshake = new Operation().operationId("openTerminal")
				.addTagsItem("containers-api-controller")
				.summary("Open an interactive terminal in a running container (WebSocket upgrade)")
				.description("Operator role or above in the owning team. Binary frames are raw terminal bytes both "
						+ "ways; the text frame {\"type\":\"resize\",\"cols\":N,\"rows\":M} resizes; when the "
						+ "process ends the server sends {\"type\":\"exit\",\"code\":N} and closes. Closing the "
						+ "socket kills the process and everything it started.")
				.addParametersItem(new PathParameter().name("id").schema(new StringSchema()))
				.addParametersItem(new QueryParameter().name("cmd")
					.description("the program and its arguments, one parameter per word; sh by default")
					.schema(new ArraySchema().items(new StringSchema())))
				.responses(new ApiResponses()
					.addApiResponse("101", new ApiResponse().description("switched to the WebSocket protocol"))
					.addApiResponse("403", new ApiResponse().description("a viewer, or a read-only token"))
					.addApiResponse("404", new ApiResponse().description("no such container among yours"))
					.addApiResponse("409", new ApiResponse().description("the container is not running")));
			openApi.path(PATH, new PathItem().get(handshake));
		};
	}

	@Bean
	TerminalSocketHandler terminalSocketHandler() {
		return new TerminalSocketHandler(this.audit);
	}

}

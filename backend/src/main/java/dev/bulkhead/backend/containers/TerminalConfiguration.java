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

	@Bean
	TerminalSocketHandler terminalSocketHandler() {
		return new TerminalSocketHandler(this.audit);
	}

}

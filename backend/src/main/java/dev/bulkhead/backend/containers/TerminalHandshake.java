package dev.bulkhead.backend.containers;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import dev.bulkhead.backend.audit.AuditTrail;
import dev.bulkhead.backend.audit.Outcome;
import dev.bulkhead.backend.web.ProblemResponses;
import dev.bulkhead.backend.web.ProblemTypes;
import dev.bulkhead.backend.teams.TeamAccess;
import dev.bulkhead.runtime.containers.TerminalSession;
import dev.bulkhead.runtime.containers.TerminalSessions;
import dev.bulkhead.runtime.errors.BulkheadException;
import dev.bulkhead.runtime.errors.ForbiddenException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.ProblemDetail;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.socket.WebSocketHandler;
import org.springframework.web.socket.server.HandshakeInterceptor;

/**
 * Decides a terminal handshake while it is still plain HTTP, so that a refusal is a
 * problem-details answer like any other API error: the caller must be an operator (or
 * more) in the team that owns the container (another team's container is 404), a
 * read-only token is refused, and the container must be running. The session is started
 * here, so that a command that cannot start is refused before the upgrade too.
 */
final class TerminalHandshake implements HandshakeInterceptor {

	static final String SESSION = "terminal.session";

	static final String ACTOR = "terminal.actor";

	static final String TARGET = "terminal.target";

	static final String ADDRESS = "terminal.address";

	static final String COMMAND = "terminal.command";

	static final String ACTION = "TERMINAL " + TerminalConfiguration.PATH;

	/** The authority a read-only token carries (see the auth package). */
	private static final String READ_ONLY_AUTHORITY = "SCOPE_read";

	private static final int DEFAULT_COLUMNS = 80;

	private static final int DEFAULT_ROWS = 24;

	private final TerminalSessions sessions;

	private final TeamAccess access;

	private final AuditTrail audit;

	private final ProblemResponses problems;

	TerminalHandshake(TerminalSessions sessions, TeamAccess access, AuditTrail audit, ProblemResponses problems) {
		this.sessions = sessions;
		this.access = access;
		this.audit = audit;
		this.problems = problems;
	}

	@Override
	public boolean beforeHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Map<String, Object> attributes) {
		HttpServletRequest servletRequest = ((ServletServerHttpRequest) request).getServletRequest();
		HttpServletResponse servletResponse = ((ServletServerHttpResponse) response).getServletResponse();
		Authentication caller = SecurityContextHolder.getContext().getAuthentication();
		String actor = (caller != null) ? caller.getName() : null;
		String idOrName = containerIdOf(servletRequest.getRequestURI());
		List<String> command = commandOf(servletRequest);
		try {
			if (caller != null
					&& caller.getAuthorities().stream().anyMatch((a) -> READ_ONLY_AUTHORITY.equals(a.getAuthority()))) {
				throw new ForbiddenException("a read-only token cannot open a terminal; use a token with full scope");
			}
			String id = this.access.operateContainer(idOrName);
			TerminalSession session = this.sessions.open(id, command, DEFAULT_COLUMNS, DEFAULT_ROWS);
			attributes.put(SESSION, session);
			servletRequest.setAttribute(SESSION, session);
			attributes.put(ACTOR, actor);
			attributes.put(TARGET, id);
			attributes.put(ADDRESS, servletRequest.getRemoteAddr());
			attributes.put(COMMAND, String.join(" ", command));
			this.audit.record(actor, servletRequest.getRemoteAddr(), ACTION, id, Outcome.SUCCESS,
					"opened: " + String.join(" ", command));
			return true;
		}
		catch (BulkheadException ex) {
			ProblemDetail problem = ProblemTypes.of(ex);
			int status = problem.getStatus();
			this.audit.record(actor, servletRequest.getRemoteAddr(), ACTION, idOrName,
					(status == 403 || status == 404) ? Outcome.DENIED : Outcome.FAILED,
					"HTTP " + status + ": " + ex.getMessage());
			try {
				this.problems.write(problem, servletRequest, servletResponse);
			}
			catch (IOException io) {
				throw new UncheckedIOException(io);
			}
			return false;
		}
	}

	@Override
	public void afterHandshake(ServerHttpRequest request, ServerHttpResponse response, WebSocketHandler handler,
			Exception exception) {
		// The handler owns the session once the socket is open; if the upgrade itself
		// failed, no handler will ever see it, so it ends here.
		if (exception != null && ((ServletServerHttpRequest) request).getServletRequest()
			.getAttribute(SESSION) instanceof TerminalSession session) {
			session.close();
		}
	}

	/** The {@code {id}} of {@code /api/v1/containers/{id}/exec/ws}. */
	static String containerIdOf(String uri) {
		String[] parts = uri.split("/");
		int containers = Arrays.asList(parts).indexOf("containers");
		return (containers >= 0 && containers + 1 < parts.length) ? parts[containers + 1] : "";
	}

	/**
	 * The program and its arguments: one {@code cmd} parameter per word, {@code sh} when
	 * there is none.
	 */
	static List<String> commandOf(HttpServletRequest request) {
		String[] words = request.getParameterValues("cmd");
		return (words == null || words.length == 0) ? List.of("sh") : List.of(words);
	}

}

package dev.bulkhead.backend.dockerapi;

import java.io.IOException;
import java.io.OutputStream;

import jakarta.servlet.http.HttpUpgradeHandler;
import jakarta.servlet.http.WebConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The connection docker's attach takes over ({@code Upgrade: tcp}): after the 101 answer
 * it carries the container's output as Docker's multiplexed stream until the container
 * stops, then closes, which tells the client the output is complete. Output only: input
 * (stdin) is not read. The caller's security context goes along, so every read of the log
 * is checked as the request was.
 */
public class DockerAttach implements HttpUpgradeHandler {

	private static final Logger log = LoggerFactory.getLogger(DockerAttach.class);

	/** What the connection carries, given the stream to write to. */
	interface Output {

		void writeTo(OutputStream out) throws IOException, InterruptedException;

	}

	private SecurityContext context;

	private Output output;

	void prepare(SecurityContext context, Output output) {
		this.context = context;
		this.output = output;
	}

	@Override
	public void init(WebConnection connection) {
		SecurityContextHolder.setContext(this.context);
		try (connection) {
			this.output.writeTo(connection.getOutputStream());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		catch (Exception ex) {
			// the client went away, or the container was removed while attached
			log.debug("attach ended: {}", ex.getMessage());
		}
		finally {
			SecurityContextHolder.clearContext();
		}
	}

	@Override
	public void destroy() {
		// nothing held beyond init
	}

}

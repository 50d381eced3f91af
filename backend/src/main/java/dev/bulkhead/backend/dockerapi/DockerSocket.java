package dev.bulkhead.backend.dockerapi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.catalina.connector.Connector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.stereotype.Component;

import dev.bulkhead.backend.system.BulkheadProperties;

/**
 * Adds a second Tomcat connector on {@code <run-root>/docker.sock}, where docker clients
 * look for a daemon. The socket is mode 0660 (owner root, as the server runs), and every
 * request on it still needs a bearer token: unlike dockerd's socket, access to the file
 * is not root on the host. A socket left by a server that died is removed before binding;
 * Tomcat removes the socket when the connector stops.
 */
@Component
class DockerSocket implements WebServerFactoryCustomizer<TomcatServletWebServerFactory>, DisposableBean {

	static final String FILE_NAME = "docker.sock";

	/**
	 * The server name Tomcat reports for requests that came through the socket; it tells
	 * them apart from the same path on the HTTP port (see {@link DockerRequestFilter}).
	 */
	static final String SERVER_NAME = "docker.sock.invalid";

	private static final Logger log = LoggerFactory.getLogger(DockerSocket.class);

	private final Path socket;

	DockerSocket(BulkheadProperties properties) {
		this.socket = properties.runRoot().toAbsolutePath().resolve(FILE_NAME);
	}

	@Override
	public void customize(TomcatServletWebServerFactory factory) {
		try {
			Files.createDirectories(this.socket.getParent());
			// Only a socket is removed: a regular file of that name is someone else's.
			if (Files.exists(this.socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)
					&& !Files.isRegularFile(this.socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)
					&& !Files.isDirectory(this.socket, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
				log.info("Removing the stale Docker API socket {}", this.socket);
				Files.delete(this.socket);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot prepare the Docker API socket " + this.socket, ex);
		}
		Connector connector = new Connector(TomcatServletWebServerFactory.DEFAULT_PROTOCOL);
		connector.setProperty("unixDomainSocketPath", this.socket.toString());
		connector.setProperty("unixDomainSocketPathPermissions", "rw-rw----");
		connector.setProxyName(SERVER_NAME);
		factory.addAdditionalConnectors(connector);
		log.info("Docker-compatible API on unix://{} (bearer token required)", this.socket);
	}

	@Override
	public void destroy() throws IOException {
		if (Files.deleteIfExists(this.socket)) {
			log.info("Removed the Docker API socket {}", this.socket);
		}
	}

}

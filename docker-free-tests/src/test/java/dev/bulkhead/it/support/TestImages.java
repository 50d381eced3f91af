package dev.bulkhead.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Test images, built by the tests from the host's busybox-static with the script the
 * README documents; nothing is downloaded.
 */
public final class TestImages {

	public static final String BUSYBOX = "busybox:latest";

	private static byte[] busybox;

	private TestImages() {
	}

	/**
	 * An OCI image layout tar of busybox named {@code reference} whose config carries a
	 * docker HEALTHCHECK (the JSON object of config.Healthcheck).
	 */
	public static byte[] busyboxWithHealthcheck(String reference, String healthcheckJson) {
		Path out = Path.of("target", "images", reference.replaceAll("[^a-zA-Z0-9.-]", "_") + ".tar").toAbsolutePath();
		try {
			Files.createDirectories(out.getParent());
			Path script = Path.of(System.getProperty("bulkhead.scripts", "scripts"), "make-busybox-image.sh");
			ProcessBuilder builder = new ProcessBuilder("bash", script.toString(), out.toString(), reference)
				.redirectErrorStream(true);
			builder.environment().put("HEALTHCHECK", healthcheckJson);
			Process process = builder.start();
			String output = new String(process.getInputStream().readAllBytes());
			if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
				throw new IllegalStateException("building the busybox image failed: " + output);
			}
			return Files.readAllBytes(out);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * The busybox image's only layer, uncompressed, to build other test images on (see
	 * {@link OciLayoutBuilder#rawLayer}).
	 */
	public static byte[] busyboxLayer() {
		try (var tar = new org.apache.commons.compress.archivers.tar.TarArchiveInputStream(
				new java.io.ByteArrayInputStream(busyboxTar()))) {
			java.util.Map<String, byte[]> blobs = new java.util.HashMap<>();
			org.apache.commons.compress.archivers.tar.TarArchiveEntry entry;
			while ((entry = tar.getNextEntry()) != null) {
				if (entry.isFile()) {
					blobs.put(entry.getName(), tar.readAllBytes());
				}
			}
			var json = tools.jackson.databind.json.JsonMapper.builder().build();
			String manifest = json.readTree(blobs.get("index.json")).get("manifests").get(0).get("digest").asString();
			String layer = json.readTree(blobs.get("blobs/sha256/" + manifest.substring(7)))
				.get("layers")
				.get(0)
				.get("digest")
				.asString();
			try (var gunzip = new java.util.zip.GZIPInputStream(
					new java.io.ByteArrayInputStream(blobs.get("blobs/sha256/" + layer.substring(7))))) {
				return gunzip.readAllBytes();
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** An OCI image layout tar of busybox, built once per test run. */
	public static synchronized byte[] busyboxTar() {
		if (busybox == null) {
			Path out = Path.of("target", "images", "busybox.tar").toAbsolutePath();
			try {
				Files.createDirectories(out.getParent());
				Path script = Path.of(System.getProperty("bulkhead.scripts", "scripts"), "make-busybox-image.sh");
				Process process = new ProcessBuilder("bash", script.toString(), out.toString(), BUSYBOX)
					.redirectErrorStream(true)
					.start();
				String output = new String(process.getInputStream().readAllBytes());
				if (!process.waitFor(60, TimeUnit.SECONDS) || process.exitValue() != 0) {
					throw new IllegalStateException("building the busybox image failed: " + output);
				}
				busybox = Files.readAllBytes(out);
			}
			catch (IOException ex) {
				throw new UncheckedIOException(ex);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException(ex);
			}
		}
		return busybox;
	}

}

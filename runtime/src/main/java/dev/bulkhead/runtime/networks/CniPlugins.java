package dev.bulkhead.runtime.networks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.FailedPreconditionException;

/**
 * Runs CNI plugins as the CNI spec says: the network config on stdin, the command and the
 * container's coordinates in {@code CNI_*} environment variables, the result on stdout. A
 * conflist is run plugin by plugin, each given the previous result as {@code prevResult};
 * DEL runs the plugins in reverse order.
 */
public final class CniPlugins {

	private final Path pluginDir;

	private final JsonMapper json;

	public CniPlugins(Path pluginDir, JsonMapper json) {
		this.pluginDir = pluginDir;
		this.json = json;
	}

	/**
	 * ADD through the whole list; returns the last plugin's result as JSON. A plugin that
	 * fails makes this undo the ones before it (DEL in reverse order), then throw.
	 */
	public String add(Map<String, Object> conflist, String containerId, Path netns, String ifName,
			Map<String, Object> runtimeConfig) {
		List<?> plugins = (List<?>) conflist.get("plugins");
		Object prevResult = null;
		for (int i = 0; i < plugins.size(); i++) {
			Map<String, Object> config = pluginConfig(conflist, plugins.get(i), prevResult, runtimeConfig);
			try {
				String out = invoke("ADD", config, containerId, netns, ifName);
				prevResult = this.json.readValue(out, Map.class);
			}
			catch (RuntimeException ex) {
				Object partial = prevResult;
				for (int j = i - 1; j >= 0; j--) {
					try {
						invoke("DEL", pluginConfig(conflist, plugins.get(j), partial, runtimeConfig), containerId,
								netns, ifName);
					}
					catch (RuntimeException undo) {
						ex.addSuppressed(undo);
					}
				}
				throw ex;
			}
		}
		return this.json.writeValueAsString(prevResult);
	}

	/**
	 * DEL through the list in reverse order; every plugin is called even if one fails,
	 * and the first failure is thrown at the end.
	 */
	public void del(Map<String, Object> conflist, String containerId, Path netns, String ifName,
			Map<String, Object> runtimeConfig, String prevResultJson) {
		List<?> plugins = (List<?>) conflist.get("plugins");
		Object prevResult = (prevResultJson != null) ? this.json.readValue(prevResultJson, Map.class) : null;
		RuntimeException first = null;
		for (int i = plugins.size() - 1; i >= 0; i--) {
			try {
				invoke("DEL", pluginConfig(conflist, plugins.get(i), prevResult, runtimeConfig), containerId, netns,
						ifName);
			}
			catch (RuntimeException ex) {
				if (first == null) {
					first = ex;
				}
				else {
					first.addSuppressed(ex);
				}
			}
		}
		if (first != null) {
			throw first;
		}
	}

	/** Runs a single plugin config (such as loopback) outside a list. */
	public String invoke(String command, Map<String, Object> config, String containerId, Path netns, String ifName) {
		String type = String.valueOf(config.get("type"));
		Path binary = this.pluginDir.resolve(type);
		if (!Files.isExecutable(binary)) {
			throw new FailedPreconditionException("CNI plugin '" + type + "' was not found in " + this.pluginDir
					+ ": install containernetworking-plugins or set bulkhead.cni.plugin-dir");
		}
		ProcessBuilder builder = new ProcessBuilder(binary.toString());
		Map<String, String> env = builder.environment();
		env.clear();
		env.put("PATH", "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin");
		env.put("CNI_COMMAND", command);
		env.put("CNI_CONTAINERID", containerId);
		env.put("CNI_NETNS", (netns != null) ? netns.toString() : "");
		env.put("CNI_IFNAME", ifName);
		env.put("CNI_PATH", this.pluginDir.toString());
		try {
			Process process = builder.start();
			CompletableFuture<byte[]> stderr = CompletableFuture.supplyAsync(() -> readAll(process.getErrorStream()));
			CompletableFuture<byte[]> stdout = CompletableFuture.supplyAsync(() -> readAll(process.getInputStream()));
			try (OutputStream in = process.getOutputStream()) {
				in.write(this.json.writeValueAsBytes(config));
			}
			int code = process.waitFor();
			String out = new String(stdout.join(), StandardCharsets.UTF_8);
			if (code != 0) {
				throw new FailedPreconditionException("CNI plugin " + type + " " + command + " failed: "
						+ errorMessage(out, new String(stderr.join(), StandardCharsets.UTF_8)));
			}
			return out;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("cannot run CNI plugin " + binary, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new FailedPreconditionException("interrupted while running CNI plugin " + type, ex);
		}
	}

	static Map<String, Object> pluginConfig(Map<String, Object> conflist, Object plugin, Object prevResult,
			Map<String, Object> runtimeConfig) {
		Map<String, Object> config = new LinkedHashMap<>();
		config.put("cniVersion", conflist.get("cniVersion"));
		config.put("name", conflist.get("name"));
		@SuppressWarnings("unchecked")
		Map<String, Object> pluginMap = (Map<String, Object>) plugin;
		config.putAll(pluginMap);
		Object capabilities = pluginMap.get("capabilities");
		if (capabilities instanceof Map<?, ?> caps) {
			Map<String, Object> selected = new LinkedHashMap<>();
			runtimeConfig.forEach((key, value) -> {
				if (Boolean.TRUE.equals(caps.get(key))) {
					selected.put(key, value);
				}
			});
			if (!selected.isEmpty()) {
				config.put("runtimeConfig", selected);
			}
		}
		if (prevResult != null) {
			config.put("prevResult", prevResult);
		}
		return config;
	}

	private String errorMessage(String stdout, String stderr) {
		try {
			JsonNode error = this.json.readTree(stdout);
			if (error.has("msg")) {
				String details = error.has("details") ? error.get("details").asString() : "";
				return error.get("msg").asString() + (details.isEmpty() ? "" : " (" + details + ")");
			}
		}
		catch (JacksonException ex) {
			// not the spec's error JSON; fall back to the raw output below
		}
		List<String> parts = new ArrayList<>();
		if (!stdout.isBlank()) {
			parts.add(stdout.strip());
		}
		if (!stderr.isBlank()) {
			parts.add(stderr.strip());
		}
		return parts.isEmpty() ? "no output" : String.join("; ", parts);
	}

	private static byte[] readAll(InputStream in) {
		try (in) {
			ByteArrayOutputStream out = new ByteArrayOutputStream();
			in.transferTo(out);
			return out.toByteArray();
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

}

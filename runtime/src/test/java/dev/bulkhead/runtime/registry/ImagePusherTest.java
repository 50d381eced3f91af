package dev.bulkhead.runtime.registry;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.content.ContentStore;
import dev.bulkhead.runtime.content.Digest;
import dev.bulkhead.runtime.content.FileContentStore;
import dev.bulkhead.runtime.errors.NotFoundException;
import dev.bulkhead.runtime.images.Image;
import dev.bulkhead.runtime.images.ImageStore;
import dev.bulkhead.runtime.images.MediaTypes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The pusher against a small registry on 127.0.0.1 that takes its time over each blob
 * upload and records the order of what arrives.
 */
class ImagePusherTest {

	private static final int LAYERS = 6;

	@TempDir
	Path dataRoot;

	private HttpServer server;

	private ExecutorService serverThreads;

	private String host;

	private final List<String> events = Collections.synchronizedList(new ArrayList<>());

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger mostAtOnce = new AtomicInteger();

	private final Map<String, Boolean> failing = new ConcurrentHashMap<>();

	private ContentStore content;

	private Digest config;

	private final List<Digest> layers = new ArrayList<>();

	private byte[] manifest;

	private ImagePusher pusher;

	@BeforeEach
	void startRegistryAndStoreAnImage() throws IOException {
		this.server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		this.serverThreads = Executors.newCachedThreadPool();
		this.server.setExecutor(this.serverThreads);
		this.host = "127.0.0.1:" + this.server.getAddress().getPort();
		this.server.createContext("/v2/", this::registry);
		this.server.start();

		this.content = new FileContentStore(this.dataRoot);
		Random random = new Random(7);
		this.config = this.content.write("{\"architecture\":\"amd64\",\"os\":\"linux\"}".getBytes());
		StringBuilder descriptors = new StringBuilder();
		for (int i = 0; i < LAYERS; i++) {
			byte[] layer = new byte[4096 + i];
			random.nextBytes(layer);
			Digest digest = this.content.write(layer);
			this.layers.add(digest);
			descriptors.append((i == 0) ? "" : ",")
				.append("{\"mediaType\":\"application/vnd.oci.image.layer.v1.tar\",\"digest\":\"")
				.append(digest)
				.append("\",\"size\":")
				.append(layer.length)
				.append('}');
		}
		this.manifest = ("{\"schemaVersion\":2,\"mediaType\":\"" + MediaTypes.OCI_MANIFEST
				+ "\",\"config\":{\"mediaType\":\"" + MediaTypes.OCI_CONFIG + "\",\"digest\":\"" + this.config
				+ "\",\"size\":" + this.content.size(this.config) + "},\"layers\":[" + descriptors + "]}")
			.getBytes(StandardCharsets.UTF_8);
		Digest manifestDigest = this.content.write(this.manifest);
		Image image = new Image(this.config, List.of("app:1"), manifestDigest, 0, Instant.EPOCH, null, null);
		RegistryClient client = RegistryClient.create(JsonMapper.builder().build(), RegistryCredentials.none(),
				Set.of(this.host));
		this.pusher = new ImagePusher(client, this.content, new OneImage(image), JsonMapper.builder().build(), 3);
	}

	@AfterEach
	void stop() {
		this.pusher.close();
		this.server.stop(0);
		this.serverThreads.shutdownNow();
	}

	@Test
	void layersGoUpAFewAtATimeThenTheConfigThenTheManifest() {
		List<PullProgress> progress = Collections.synchronizedList(new ArrayList<>());
		Digest pushed = this.pusher.push(this.pusher.resolve("app:1", this.host + "/team/app:2"), progress::add);

		assertThat(pushed.toString())
			.isEqualTo(this.events.get(this.events.size() - 1).substring("manifest ".length()));
		assertThat(this.mostAtOnce.get()).as("uploads at once").isEqualTo(3);
		List<String> uploads = this.events.stream().filter((event) -> event.startsWith("blob ")).toList();
		assertThat(uploads).hasSize(LAYERS + 1);
		assertThat(uploads.get(LAYERS)).as("the config goes after every layer").isEqualTo("blob " + this.config);
		assertThat(uploads.subList(0, LAYERS))
			.containsExactlyInAnyOrderElementsOf(this.layers.stream().map((layer) -> "blob " + layer).toList());
		for (Digest layer : this.layers) {
			List<PullProgress.State> states = progress.stream()
				.filter((event) -> event.digest().equals(layer.toString()))
				.map(PullProgress::state)
				.toList();
			assertThat(states).as("the progress of " + layer)
				.startsWith(PullProgress.State.WAITING)
				.endsWith(PullProgress.State.DONE);
		}
	}

	@Test
	void aFailedLayerStopsThePushBeforeTheConfigAndTheManifest() {
		this.failing.put(this.layers.get(0).toString(), true);
		assertThatThrownBy(() -> this.pusher.push(this.pusher.resolve("app:1", this.host + "/team/app:2"), (event) -> {
		})).hasMessageContaining(this.layers.get(0).toString());
		assertThat(this.events).doesNotContain("blob " + this.config)
			.noneMatch((event) -> event.startsWith("manifest "));
	}

	private void registry(HttpExchange exchange) throws IOException {
		String path = exchange.getRequestURI().getPath();
		String query = exchange.getRequestURI().getRawQuery();
		String method = exchange.getRequestMethod();
		try (InputStream body = exchange.getRequestBody()) {
			byte[] bytes = body.readAllBytes();
			if (method.equals("HEAD") && path.contains("/blobs/")) {
				respond(exchange, 404);
			}
			else if (method.equals("POST") && path.endsWith("/blobs/uploads/")) {
				exchange.getResponseHeaders().add("Location", "/v2/team/app/blobs/uploads/" + System.nanoTime());
				respond(exchange, 202);
			}
			else if (method.equals("PUT") && path.contains("/blobs/uploads/")) {
				String digest = java.net.URLDecoder.decode(query.substring("digest=".length()), StandardCharsets.UTF_8);
				int now = this.running.incrementAndGet();
				this.mostAtOnce.accumulateAndGet(now, Math::max);
				sleep(150);
				this.running.decrementAndGet();
				if (this.failing.containsKey(digest)) {
					respond(exchange, 400);
					return;
				}
				assertThat(bytes).isNotEmpty();
				this.events.add("blob " + digest);
				respond(exchange, 201);
			}
			else if (method.equals("PUT") && path.contains("/manifests/")) {
				this.events.add("manifest " + Digest.sha256(sha256(bytes)));
				respond(exchange, 201);
			}
			else {
				respond(exchange, 405);
			}
		}
	}

	private static void respond(HttpExchange exchange, int status) throws IOException {
		exchange.sendResponseHeaders(status, -1);
		exchange.close();
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static String sha256(byte[] bytes) {
		try {
			return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/** An image store that knows one image; a push only looks images up. */
	private record OneImage(Image image) implements ImageStore {

		@Override
		public List<Image> list() {
			return List.of(this.image);
		}

		@Override
		public Image get(String referenceOrId) {
			if (!this.image.references().contains(referenceOrId)) {
				throw new NotFoundException("no image " + referenceOrId);
			}
			return this.image;
		}

		@Override
		public List<Image> load(InputStream tar) {
			throw new UnsupportedOperationException("a push does not load images");
		}

		@Override
		public Image register(String reference, Digest manifest, List<Digest> added) {
			throw new UnsupportedOperationException("a push does not register images");
		}

		@Override
		public void delete(String referenceOrId) {
			throw new UnsupportedOperationException("a push does not delete images");
		}

		@Override
		public dev.bulkhead.runtime.images.ImageDetail inspect(String referenceOrId) {
			throw new UnsupportedOperationException("a push does not inspect images");
		}

		@Override
		public Image tag(String referenceOrId, String target) {
			throw new UnsupportedOperationException("a push does not tag images");
		}

		@Override
		public dev.bulkhead.runtime.images.ImageRemoval remove(String referenceOrId, boolean force,
				java.util.Set<Digest> inUse) {
			throw new UnsupportedOperationException("a push does not remove images");
		}

		@Override
		public dev.bulkhead.runtime.images.ImageRemoval prune(boolean all, java.util.Set<Digest> inUse) {
			throw new UnsupportedOperationException("a push does not prune images");
		}

		@Override
		public dev.bulkhead.runtime.images.ImageDiskUsage diskUsage(java.util.Set<Digest> inUse) {
			throw new UnsupportedOperationException("a push does not measure disk use");
		}

		@Override
		public void save(String referenceOrId, dev.bulkhead.runtime.images.ArchiveFormat format,
				java.io.OutputStream out) {
			throw new UnsupportedOperationException("a push does not save images");
		}

		@Override
		public Image importRootfs(InputStream tar, dev.bulkhead.runtime.images.ImportOptions options) {
			throw new UnsupportedOperationException("a push does not import images");
		}

	}

}

package dev.bulkhead.runtime.containers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.json.JsonMapper;

import dev.bulkhead.runtime.errors.InvalidArgumentException;
import dev.bulkhead.runtime.errors.NotFoundException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ContainerStoreTest {

	private static final String WEB_ID = "abc1230000000000000000000000000000000000000000000000000000000001";

	private static final String DB_ID = "abd4560000000000000000000000000000000000000000000000000000000002";

	private final JsonMapper json = JsonMapper.builder().build();

	@TempDir
	Path root;

	private ContainerStore store;

	@BeforeEach
	void store() {
		this.store = new ContainerStore(this.root, this.json);
	}

	private static Container container(String id, String name, Instant created) {
		ContainerConfig config = new ContainerConfig(name, "busybox:latest", null, List.of("sh", "-c", "sleep 1"),
				Map.of("A", "1"), "1000:1000", null, null, Map.of("team", "blue"),
				new ContainerConfig.Resources(64L << 20, 0.5, 100L),
				new ContainerConfig.Security(null, List.of("CAP_NET_BIND_SERVICE"), true, "default"), "TERM", 5);
		EffectiveSecurity security = new EffectiveSecurity("restricted", 1000, 1000, List.of("CAP_NET_BIND_SERVICE"),
				true, "default", true, 64L << 20, 64L << 20, 0.5, 100);
		return new Container(id, name, "busybox:latest", "sha256:" + "e".repeat(64), config, ContainerState.EXITED,
				created, created.plusSeconds(1), created.plusSeconds(2), 137, true, false, null, security, null);
	}

	@Test
	void savedContainerIsReadBackByANewStore() {
		Container web = container(WEB_ID, "web", Instant.parse("2024-05-01T10:00:00.123456789Z"));
		this.store.save(web);

		ContainerStore reloaded = new ContainerStore(this.root, this.json);
		List<String> problems = reloaded.load();

		assertThat(problems).isEmpty();
		assertThat(reloaded.get(WEB_ID)).isEqualTo(web);
		assertThat(Files.isRegularFile(this.root.resolve(WEB_ID).resolve("container.json"))).isTrue();
	}

	@Test
	void stateIsWrittenWithDockersName() throws IOException {
		this.store.save(container(WEB_ID, "web", Instant.parse("2024-05-01T10:00:00Z")));

		assertThat(Files.readString(this.root.resolve(WEB_ID).resolve("container.json")))
			.contains("\"state\" : \"exited\"");
	}

	@Test
	void loadReportsDirectoriesWithoutAReadableRecord() throws IOException {
		this.store.save(container(WEB_ID, "web", Instant.parse("2024-05-01T10:00:00Z")));
		Files.createDirectories(this.root.resolve("empty"));
		Files.createDirectories(this.root.resolve("torn"));
		Files.writeString(this.root.resolve("torn").resolve("container.json"), "{\"id\": \"torn\", ");

		ContainerStore reloaded = new ContainerStore(this.root, this.json);
		List<String> problems = reloaded.load();

		assertThat(problems).hasSize(2);
		assertThat(problems).anySatisfy((p) -> assertThat(p).contains("empty").contains("has no container.json"));
		assertThat(problems).anySatisfy((p) -> assertThat(p).contains("torn").contains("is unreadable"));
		assertThat(reloaded.list()).extracting(Container::id).containsExactly(WEB_ID);
	}

	@Test
	void findsAContainerByNameOrUniqueIdPrefix() {
		Container web = container(WEB_ID, "web", Instant.parse("2024-05-01T10:00:00Z"));
		Container db = container(DB_ID, "db", Instant.parse("2024-05-01T11:00:00Z"));
		this.store.save(web);
		this.store.save(db);

		assertThat(this.store.get("web")).isEqualTo(web);
		assertThat(this.store.get("db")).isEqualTo(db);
		assertThat(this.store.get("abc")).isEqualTo(web);
		assertThat(this.store.get("abd456")).isEqualTo(db);
		assertThat(this.store.get(DB_ID)).isEqualTo(db);
		assertThat(this.store.byName("web")).contains(web);
		assertThat(this.store.byName("abc")).isEmpty();
	}

	@Test
	void nameWinsOverAnIdPrefix() {
		Container web = container(WEB_ID, "web", Instant.parse("2024-05-01T10:00:00Z"));
		Container named = container(DB_ID, "abc", Instant.parse("2024-05-01T11:00:00Z"));
		this.store.save(web);
		this.store.save(named);

		assertThat(this.store.get("abc")).isEqualTo(named);
	}

	@Test
	void ambiguousIdPrefixAsksForMore() {
		this.store.save(container(WEB_ID, "web", Instant.parse("2024-05-01T10:00:00Z")));
		this.store.save(container(DB_ID, "db", Instant.parse("2024-05-01T11:00:00Z")));

		assertThatThrownBy(() -> this.store.get("ab")).isInstanceOf(InvalidArgumentException.class)
			.hasMessageContaining("'ab' matches 2 containers");
	}

	@Test
	void unknownContainerIsNotFound() {
		this.store.save(container(WEB_ID, "web", Instant.parse("2024-05-01T10:00:00Z")));

		assertThatThrownBy(() -> this.store.get("fff")).isInstanceOf(NotFoundException.class)
			.hasMessageContaining("'fff'");
		assertThatThrownBy(() -> this.store.get("WEB")).isInstanceOf(NotFoundException.class);
		assertThatThrownBy(() -> this.store.get("ABC")).isInstanceOf(NotFoundException.class);
	}

	@Test
	void forgottenContainerIsNoLongerFound() {
		this.store.save(container(WEB_ID, "web", Instant.parse("2024-05-01T10:00:00Z")));
		this.store.forget(WEB_ID);

		assertThatThrownBy(() -> this.store.get("web")).isInstanceOf(NotFoundException.class);
	}

	@Test
	void listsNewestFirst() {
		this.store.save(container(WEB_ID, "web", Instant.parse("2024-05-01T10:00:00Z")));
		this.store.save(container(DB_ID, "db", Instant.parse("2024-05-01T11:00:00Z")));

		assertThat(this.store.list()).extracting(Container::name).containsExactly("db", "web");
	}

}

package dev.bulkhead.backend.teams;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;

import dev.bulkhead.backend.auth.UserDirectory;
import dev.bulkhead.runtime.containers.Container;
import dev.bulkhead.runtime.containers.ContainerManager;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Before the server takes requests: on first start, creates the team {@code default} with
 * the first administrator as developer, and gives every container that has no owning team
 * (made before teams existed) to that team, so nothing is left that only an administrator
 * could reach. Runs as an early lifecycle phase because the first administrator is
 * created once all singletons exist.
 */
@Component
class TenancyInitializer implements SmartLifecycle {

	static final String DEFAULT_TEAM = "default";

	private static final Logger log = LoggerFactory.getLogger(TenancyInitializer.class);

	private final TeamRepository teams;

	private final UserDirectory users;

	private final ContainerManager containers;

	private final TransactionTemplate transactions;

	private volatile boolean running;

	TenancyInitializer(TeamRepository teams, UserDirectory users, ContainerManager containers,
			TransactionTemplate transactions) {
		this.teams = teams;
		this.users = users;
		this.containers = containers;
		this.transactions = transactions;
	}

	@Override
	public void start() {
		this.transactions.executeWithoutResult((status) -> {
			if (this.teams.countTeams() == 0) {
				Team team = this.teams.createTeam(DEFAULT_TEAM, Instant.now().truncatedTo(ChronoUnit.MICROS));
				this.users.firstAdmin().ifPresent((admin) -> {
					this.teams.putMember(team.id(), admin.id(), TeamRole.DEVELOPER);
					log.info("Created the team '{}' with {} as developer", DEFAULT_TEAM, admin.username());
				});
			}
			Map<String, Long> owners = this.teams.allOwners();
			Team fallback = this.teams.findTeam(DEFAULT_TEAM).orElseGet(() -> this.teams.allTeams().get(0));
			for (Container container : this.containers.list()) {
				if (!owners.containsKey(container.id())) {
					this.teams.recordOwner(container.id(), fallback.id(), container.name());
					log.info("Container {} had no owning team; it now belongs to '{}'", container.name(),
							fallback.name());
				}
			}
		});
		this.running = true;
	}

	@Override
	public void stop() {
		this.running = false;
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public int getPhase() {
		// Before the web server starts accepting requests.
		return Integer.MIN_VALUE + 1000;
	}

}

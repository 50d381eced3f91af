package dev.bulkhead.backend.overview;

import org.junit.jupiter.api.Test;

import dev.bulkhead.backend.teams.TeamQuota;
import dev.bulkhead.backend.teams.TeamQuotaUse;
import dev.bulkhead.backend.teams.TeamUsage;

import static org.assertj.core.api.Assertions.assertThat;

class QuotaCardTest {

	private static final long MIB = 1024L * 1024;

	@Test
	void eachLimitIsShownAsUseOfLimitAndAnUnsetOneAsNoLimit() {
		QuotaCard card = QuotaCard.of(new TeamQuotaUse("alpha", new TeamQuota(5, 512 * MIB, 2.0, null),
				new TeamUsage(2, 160 * MIB, 1.5, 3 * MIB / 2)));
		assertThat(card.team()).isEqualTo("alpha");
		assertThat(card.lines()).extracting(QuotaCard.Line::label)
			.containsExactly("Containers", "Memory", "CPUs", "Volume space");
		assertThat(card.lines()).extracting(QuotaCard.Line::used).containsExactly("2", "160 MiB", "1.5", "1.5 MiB");
		assertThat(card.lines()).extracting(QuotaCard.Line::limit).containsExactly("5", "512 MiB", "2", null);
		assertThat(card.lines().get(1).max()).isEqualTo(512.0 * MIB);
		assertThat(card.lines().get(3).limited()).isFalse();
	}

}

-- Per-team limits; a missing row or a NULL column means no limit.
CREATE TABLE team_quotas (
    team_id          BIGINT NOT NULL PRIMARY KEY,
    max_containers   INT,
    max_memory_bytes BIGINT,
    CONSTRAINT team_quotas_team_fk FOREIGN KEY (team_id) REFERENCES teams (id) ON DELETE CASCADE
);

-- Two more per-team limits: the sum of the containers' CPU limits, in thousandths of a
-- CPU so that sums are exact, and the bytes of the team's volumes. NULL means no limit.
ALTER TABLE team_quotas ADD COLUMN max_millicpus BIGINT;
ALTER TABLE team_quotas ADD COLUMN max_volume_bytes BIGINT;

-- A new export: partner, profile version, mode, snapshot instant, destination, who.
-- params: partner, profile_version, mode, snapshot_at, destination, actor, started_at
INSERT INTO exports (partner, profile_version, mode, snapshot_at, status, destination, actor, started_at)
VALUES ($partner, $profile_version, $mode, $snapshot_at, 'rendering', $destination, $actor, $started_at)
RETURNING export_id

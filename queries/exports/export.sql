-- One export.
-- params: export_id
SELECT export_id, partner, profile_version, mode, snapshot_at, status, destination, actor, started_at,
       finished_at, CAST(counts AS VARCHAR) AS counts, CAST(manifest AS VARCHAR) AS manifest, error, archive_path
FROM exports WHERE export_id = $export_id

-- Exports, newest first (optionally one partner's).
-- params: partner, limit
SELECT export_id, partner, profile_version, mode, snapshot_at, status, destination, actor, started_at,
       finished_at, CAST(counts AS VARCHAR) AS counts, error,
       (SELECT count(*) FROM export_files AS f WHERE f.export_id = e.export_id) AS files
FROM exports AS e
WHERE $partner::VARCHAR IS NULL OR partner = $partner::VARCHAR
ORDER BY export_id DESC
LIMIT $limit

-- Recent ingest runs, newest first, with the file they read.
-- params: limit
SELECT r.run_id, r.status, r.started_at, r.finished_at, f.original_name AS file, f.sha256, f.bytes, f.source,
       r.actor, r.forced, r.format, r.sender_name, r.message_number, r.sent_at, r.products, r.converted,
       r.rejected, r.skipped, r.conv_new, r.conv_changed, r.conv_unchanged, r.conv_deleted, r.error,
       r.error_line, r.error_column, r.feed_id, r.job_id
FROM ingest_runs AS r JOIN feeds AS f USING (feed_id)
ORDER BY r.run_id DESC
LIMIT $limit

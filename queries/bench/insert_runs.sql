-- Benchmark data: the ingest runs of a generated catalogue: runs 1..$runs delivered the approved
-- products (one feed each, sent three days apart), run $runs + 1 the pending changes from sender 1 and
-- run $runs + 2 those from sender 2.
-- params: runs, per_run, sent_at, names
INSERT INTO ingest_runs (run_id, feed_id, actor, status, started_at, finished_at, format, onix_release, tag_style,
                         encoding, sender_id, sender_name, sent_at, products, converted)
SELECT r, r, 'bench', 'succeeded', sent, sent + INTERVAL 10 MINUTE, 'onix-3.0-reference', '3.0', 'reference', 'utf-8',
       sender, $names[sender], sent, $per_run, $per_run
FROM (SELECT r, CASE WHEN r = $runs + 2 THEN 2 ELSE 1 END AS sender,
             $sent_at::TIMESTAMPTZ - to_days((greatest($runs - r, 0) * 3)::INTEGER) AS sent
      FROM range(1, $runs + 3) AS t(r))

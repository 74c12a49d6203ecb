-- The size of the catalogue and of the review queue.
-- params:
SELECT (SELECT count(*) FROM catalog) AS products,
       (SELECT count(*) FROM conversions WHERE status = 'pending') AS pending,
       (SELECT count(*) FROM ingest_runs) AS runs,
       (SELECT count(*) FROM feeds) AS feeds

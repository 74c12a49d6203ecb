-- Benchmark data: the plan of a generated catalogue (table bench_plan), one row per product: its GTIN,
-- the run that delivered it, its language (an index into the benchmark's language list), the rule its
-- deliberate defect breaks (NULL for a clean product), and whether an earlier delivery or a pending
-- conversion exists for it. Catalogue, conversions, source records and notes are built from it.
-- params: products, per_run, runs, sent_at, language_picks, defects, defect_share, earlier_share, pending_share
CREATE OR REPLACE TABLE bench_plan AS
WITH drawn AS (
    SELECT i, 1 + i // $per_run AS run_id, i % $per_run AS position,
           bench_gtin('979' || (123456789 + i)::VARCHAR) AS isbn,
           bench_pick($language_picks, i, 'language') AS lang,
           CASE WHEN bench_u(i, 'defect') < $defect_share THEN bench_pick($defects, i, 'which defect') END
               AS defect
    FROM range($products) AS t(i)
)
SELECT i, run_id, position, isbn, lang, defect,
       CASE WHEN defect = 'Q08' THEN left(isbn, 12) || ((right(isbn, 1)::INTEGER + 3) % 10)::VARCHAR ELSE isbn END
           AS product_key,
       $sent_at::TIMESTAMPTZ - to_days((($runs - run_id) * 3)::INTEGER) AS sent_at,
       run_id > 1 AND (defect IS NOT DISTINCT FROM 'Q40' OR bench_u(i, 'earlier') < $earlier_share) AS earlier,
       defect IS NOT DISTINCT FROM 'Q10' OR bench_u(i, 'pending') < $pending_share AS pending
FROM drawn

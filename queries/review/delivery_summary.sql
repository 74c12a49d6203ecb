-- A delivery at a glance: its conversions by kind and status (unchanged products make none), and how
-- often each CCF field changed. run_id NULL: every pending conversion.
-- params: run_id
SELECT 'kind' AS dimension, kind AS key, count(*) AS n FROM conversions
WHERE ($run_id::BIGINT IS NULL AND status = 'pending') OR run_id = $run_id::BIGINT
GROUP BY kind
UNION ALL
SELECT 'status', status, count(*) FROM conversions
WHERE ($run_id::BIGINT IS NULL AND status = 'pending') OR run_id = $run_id::BIGINT
GROUP BY status
UNION ALL
SELECT 'field', field, count(*) FROM (
    SELECT unnest(changed_fields) AS field FROM conversions
    WHERE ($run_id::BIGINT IS NULL AND status = 'pending') OR run_id = $run_id::BIGINT
) GROUP BY field
UNION ALL
SELECT 'flag', flag, count(*) FROM (
    SELECT unnest(flags) AS flag FROM conversions
    WHERE ($run_id::BIGINT IS NULL AND status = 'pending') OR run_id = $run_id::BIGINT
) GROUP BY flag
UNION ALL
SELECT 'unchanged', 'unchanged', coalesce(sum(conv_unchanged), 0) FROM ingest_runs
WHERE $run_id::BIGINT IS NOT NULL AND run_id = $run_id::BIGINT
ORDER BY 1, 3 DESC, 2

-- The console's headline numbers: catalogue size, conversions pending review (by kind), ingest runs (all,
-- failed, partial) started since `days` ago, and current open findings by severity (waived ones apart).
-- params: days
WITH pending AS (
    SELECT count(*) AS pending,
           count(*) FILTER (WHERE kind = 'new') AS pending_new,
           count(*) FILTER (WHERE kind = 'changed') AS pending_changed,
           count(*) FILTER (WHERE kind = 'deleted') AS pending_deleted
    FROM conversions WHERE status = 'pending'
),
recent_runs AS (
    SELECT count(*) AS runs,
           count(*) FILTER (WHERE status = 'failed') AS failed_runs,
           count(*) FILTER (WHERE status = 'partial') AS partial_runs
    FROM ingest_runs WHERE started_at >= now() - to_days(CAST($days AS INTEGER))
),
open_findings AS (
    -- One pass over the view: it is not cheap on a large catalogue.
    SELECT count(*) FILTER (WHERE open AND NOT waived AND severity = 'error') AS open_error,
           count(*) FILTER (WHERE open AND NOT waived AND severity = 'warning') AS open_warning,
           count(*) FILTER (WHERE open AND NOT waived AND severity = 'info') AS open_info,
           count(*) FILTER (WHERE open AND waived) AS waived
    FROM current_findings
)
SELECT (SELECT count(*) FROM catalog) AS products, p.*, r.*, f.*
FROM pending AS p, recent_runs AS r, open_findings AS f

-- Older pending conversions replaced by this run's delivery of the same product become superseded.
-- params: run_id
UPDATE conversions AS old
SET status = 'superseded',
    superseded_by = newer.conversion_id,
    status_reason = CASE
        WHEN newer.conversion_id IS NULL
            THEN 'the sender re-sent the approved catalogue version in run ' || $run_id::VARCHAR
        ELSE 'superseded by conversion ' || newer.conversion_id::VARCHAR || ' from run ' || $run_id::VARCHAR
    END
FROM classified AS k
LEFT JOIN conversions AS newer ON newer.run_id = $run_id AND newer.product_key = k.product_key
WHERE old.conversion_id = k.supersedes

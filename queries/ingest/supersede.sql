-- Older pending conversions replaced by this run's delivery of the same product become superseded.
-- params: run_id
UPDATE conversions AS old
SET status = 'superseded',
    superseded_by = k.new_conversion_id,
    status_reason = CASE
        WHEN k.new_conversion_id IS NULL
            THEN 'the sender re-sent the approved catalogue version in run ' || $run_id::VARCHAR
        ELSE 'superseded by conversion ' || k.new_conversion_id::VARCHAR || ' from run ' || $run_id::VARCHAR
    END
FROM classified AS k
WHERE old.conversion_id = k.supersedes

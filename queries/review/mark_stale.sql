-- Conversions whose catalogue record moved on since their diff was made are superseded, with the reason.
-- params:
UPDATE conversions AS c SET
    status = 'superseded',
    status_reason = 'the catalogue record changed since this diff was made (it was made against version '
        || coalesce(d.base_version::VARCHAR, 'none') || ', the catalogue now has '
        || coalesce(d.current_version::VARCHAR, 'none') || ')'
FROM decision AS d
WHERE c.conversion_id = d.conversion_id AND d.verdict = 'stale'

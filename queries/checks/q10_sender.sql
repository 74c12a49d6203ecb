-- Q10: a product delivered by another sender than the one the catalogue has it from (else than the
-- one who delivered it before).
-- params:
WITH previous AS (
    SELECT c.product_key, r.sender_name, r.sender_id
    FROM check_subjects_runs AS c
    JOIN source_records AS s ON s.product_key = c.product_key AND s.run_id < c.run_id
    JOIN ingest_runs AS r ON r.run_id = s.run_id
    WHERE r.sender_id IS NOT NULL
    QUALIFY row_number() OVER (PARTITION BY c.product_key ORDER BY s.source_id DESC) = 1
)
SELECT s.product_key, NULL AS severity, NULL AS field,
       coalesce(s.ccf.sender, 'another sender') || ', but the catalogue has it from '
       || coalesce(known.name, p.sender_name, 'another sender') AS observed
FROM check_subjects_runs AS s
LEFT JOIN catalog AS k ON k.product_key = s.product_key
LEFT JOIN senders AS known ON known.sender_id = k.sender_id
LEFT JOIN previous AS p ON p.product_key = s.product_key
WHERE s.sender_id IS NOT NULL
  AND coalesce(k.sender_id, p.sender_id) IS NOT NULL
  AND coalesce(k.sender_id, p.sender_id) <> s.sender_id

-- Q23: audiobooks without an edition (UBR or ABR).
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, NULL AS observed
FROM check_subjects AS s
WHERE s.ccf.content_type = 'audiobook' AND s.ccf.edition = 'unknown'

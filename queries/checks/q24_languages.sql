-- Q24: no language of text or audio, or a code that is not ISO 639-2/B (from the converter's notes).
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, 'no language of text or audio' AS observed
FROM check_subjects AS s
WHERE len(list_filter(s.ccf.languages, lambda l: l.role IN ('text', 'audio'))) = 0
UNION ALL
SELECT DISTINCT n.product_key, NULL, NULL, n.raw_value || ': ' || n.message
FROM check_notes AS n WHERE n.rule_id = 'Q24' AND n.action IN ('repaired', 'uninterpretable')

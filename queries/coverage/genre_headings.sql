-- The BISAC and Thema subject codes of the approved catalogue with the headings publishers sent them
-- with, and how many subject entries used each (labels for genre codes come from this, not a hand list).
-- params:
SELECT s.scheme, upper(s.code) AS code, s.heading, count(*) AS uses
FROM (SELECT unnest(ccf.subjects) AS s FROM catalog)
WHERE s.scheme IN ('bisac', 'thema') AND regexp_matches(coalesce(s.code, ''), '^[A-Za-z]') AND coalesce(s.heading, '') <> ''
GROUP BY ALL
ORDER BY s.scheme, code, uses DESC

-- Q39: products without a linked print or e-book edition.
-- params:
SELECT s.product_key, NULL AS severity, NULL AS field, NULL AS observed
FROM check_subjects AS s
WHERE len(list_filter(s.ccf.related, lambda r: r.relation IN ('alternative_format', 'epub_based_on', 'epub_source_of'))) = 0

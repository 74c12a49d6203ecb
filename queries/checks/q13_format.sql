-- Q13: digital audio products without an audio format (A1xx) or without a content type.
-- params:
SELECT s.product_key, NULL AS severity,
       CASE WHEN s.ccf.content_type = 'unknown' THEN 'content_type' ELSE 'format_codes' END AS field,
       CASE WHEN s.ccf.content_type = 'unknown' THEN 'no content type (PrimaryContentType)'
            ELSE 'no audio format (ProductFormDetail A1xx)' END AS observed
FROM check_subjects AS s
WHERE s.ccf.product_form IN ('download', 'download_and_stream', 'stream')
  AND (s.ccf.content_type = 'unknown' OR len(list_filter(s.ccf.format_codes, lambda c: c LIKE 'A1%')) = 0)

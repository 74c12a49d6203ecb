-- Q32: status and dates that disagree, judged as of the delivery (its SentDateTime, else today).
-- params:
WITH dated AS (
    SELECT product_key, ccf.publishing_status AS status, ccf.publication_date AS published, ccf.embargo AS embargo,
           coalesce(CAST(ccf.provenance.sent_at AS DATE), current_date) AS as_of
    FROM check_subjects
)
SELECT product_key, NULL AS severity, NULL AS field,
       CASE
           WHEN status = 'forthcoming' AND published < as_of
               THEN 'forthcoming, but published on ' || published::VARCHAR
           WHEN status = 'active' AND published > as_of + INTERVAL 1 YEAR
               THEN 'active, but published only on ' || published::VARCHAR
           ELSE 'an embargo date before the publication date ' || published::VARCHAR
       END AS observed
FROM dated
WHERE (status = 'forthcoming' AND published < as_of)
   OR (status = 'active' AND published > as_of + INTERVAL 1 YEAR)
   OR least(embargo.sales, embargo.preorder, embargo.streaming, embargo.subscription) < published

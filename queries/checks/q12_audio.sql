-- Q12: products that are not digital audio: physical audio (warning), not audio (error), AN/AO in 2.1 (error).
-- params:
SELECT s.product_key,
       CASE WHEN s.ccf.product_form = 'physical_audio' THEN 'warning' ELSE 'error' END AS severity,
       NULL AS field,
       s.ccf.product_form_code || CASE s.ccf.product_form
           WHEN 'physical_audio' THEN ' is physical audio, not a digital audiobook'
           WHEN 'not_audio' THEN ' is not audio'
           ELSE ' does not exist in ONIX 2.1' END AS observed
FROM check_subjects AS s
WHERE s.ccf.product_form IN ('physical_audio', 'not_audio')
   OR (s.ccf.product_form IN ('download_and_stream', 'stream') AND s.ccf.provenance.onix_release = '2.1')

-- Benchmark data: the source records of a generated catalogue: every approved delivery, an earlier
-- delivery (in the run before) of the products the plan says were sent twice (with another
-- RecordReference for rule Q40's defect), and the deliveries of the pending changes; ids in time order.
-- params: products, runs
INSERT INTO source_records (source_id, run_id, feed_id, position, product_key, record_reference, notification, line, merged)
SELECT p.i + 1, p.run_id - 1, p.run_id - 1, p.position, k.product_key,
       CASE WHEN p.defect = 'Q40' THEN 'com.previous.' || k.product_key ELSE k.ccf.record_reference END,
       k.ccf.notification, k.ccf.provenance.line, false
FROM (SELECT * FROM bench_plan WHERE earlier) AS p JOIN catalog AS k ON k.conversion_id = p.i + 1
UNION ALL
SELECT $products + conversion_id, ccf.provenance.feed_id, ccf.provenance.feed_id, (ccf.provenance.line - 16) // 250,
       product_key, ccf.record_reference, ccf.notification, ccf.provenance.line, false
FROM catalog
UNION ALL
SELECT 2 * $products + k.conversion_id, p.run, p.run, p.position, k.product_key, k.ccf.record_reference,
       k.ccf.notification, k.ccf.provenance.line, false
FROM (SELECT *, CASE WHEN defect IS NOT DISTINCT FROM 'Q10' THEN $runs + 2 ELSE $runs + 1 END AS run
      FROM bench_plan WHERE pending) AS p
JOIN catalog AS k ON k.conversion_id = p.i + 1

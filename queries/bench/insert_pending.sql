-- Benchmark data: a pending change (a re-delivery awaiting review) of the products the plan marks pending:
-- from run $runs + 1 (sender 1), or from run $runs + 2 (sender 2) for rule Q10's defect.
-- params: products, runs, created_at
INSERT INTO conversions (conversion_id, run_id, feed_id, position, product_key, record_reference, kind, status,
                         base_version, content_hash, ccf, created_at)
SELECT $products + k.conversion_id, run, run, p.position, k.product_key, k.ccf.record_reference, 'changed', 'pending',
       1, sha256(k.product_key || ' version 2'), k.ccf, $created_at
FROM (SELECT *, CASE WHEN defect IS NOT DISTINCT FROM 'Q10' THEN $runs + 2 ELSE $runs + 1 END AS run
      FROM bench_plan WHERE pending) AS p
JOIN catalog AS k ON k.conversion_id = p.i + 1

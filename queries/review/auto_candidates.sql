-- A run's changed conversions the auto-approve policy may take: every changed field in the allowed
-- list, and no open, unwaived finding above info on the product.
-- params: run_id, allowed
SELECT c.conversion_id FROM conversions AS c
WHERE c.run_id = $run_id AND c.status = 'pending' AND c.kind = 'changed'
  AND len(c.changed_fields) > 0
  AND list_has_all($allowed::VARCHAR[], c.changed_fields)
  AND NOT EXISTS (
      SELECT 1 FROM current_findings AS f
      WHERE f.product_key = c.product_key AND f.open AND NOT f.waived AND f.severity IN ('error', 'warning')
  )
ORDER BY c.conversion_id

-- Benchmark data: the converter's notes on the products whose defect is one the converter repairs or
-- reports (rules Q24, Q27, Q33, Q35, as in the sample deliveries), in the run of every version of them.
-- params: runs
INSERT INTO conversion_notes (note_id, run_id, product_key, record_reference, line, rule_id, field, raw_value, action, message)
SELECT row_number() OVER (ORDER BY product_key, run), run, product_key, ccf.record_reference, ccf.provenance.line, defect,
       CASE defect WHEN 'Q24' THEN 'languages' WHEN 'Q27' THEN 'description' WHEN 'Q33' THEN 'sales_rights'
                   ELSE 'prices.amount' END,
       CASE defect WHEN 'Q24' THEN 'deu' WHEN 'Q27' THEN '<p>' || left(ccf.description, 200) WHEN 'Q33' THEN 'ROW'
                   ELSE '13,99' END,
       CASE defect WHEN 'Q27' THEN 'ignored' ELSE 'repaired' END,
       CASE defect WHEN 'Q24' THEN 'not an ISO 639-2/B code: read as ger'
                   WHEN 'Q27' THEN 'HTML markup (escaped or CDATA) in a plain-text field'
                   WHEN 'Q33' THEN 'ROW is not valid in ONIX 3.x: read as rest of world'
                   ELSE 'decimal comma read as a dot' END
FROM (SELECT k.product_key, k.ccf, p.defect,
             unnest(CASE WHEN p.pending THEN [p.run_id, $runs + 1] ELSE [p.run_id] END) AS run
      FROM (SELECT * FROM bench_plan WHERE defect IN ('Q24', 'Q27', 'Q33', 'Q35')) AS p
      JOIN catalog AS k ON k.conversion_id = p.i + 1)

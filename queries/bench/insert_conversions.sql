-- Benchmark data: the approved conversion of every catalogue record (its run, position and record), as an
-- ingest followed by an approval leaves it.
-- params:
INSERT INTO conversions (conversion_id, run_id, feed_id, position, product_key, record_reference, kind, status,
                         base_version, content_hash, ccf, created_at, decided_at, decided_by)
SELECT conversion_id, ccf.provenance.feed_id, ccf.provenance.feed_id, (ccf.provenance.line - 16) // 250, product_key,
       ccf.record_reference, 'new', 'approved', NULL, content_hash, ccf, ccf.provenance.sent_at, approved_at, approved_by
FROM catalog

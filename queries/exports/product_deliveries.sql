-- Where a product went: every export that carried it, with the version and what it was to the partner.
-- params: product_key
SELECT e.export_id, e.partner, e.mode, i.version, i.action, i.change, i.file, e.status, e.snapshot_at,
       e.finished_at, e.destination
FROM export_items AS i JOIN exports AS e USING (export_id)
WHERE i.product_key = $product_key
ORDER BY e.export_id DESC

-- A re-delivery begins: which export, where to, who.
-- params: export_id, destination, actor, started_at
INSERT INTO export_redeliveries (export_id, destination, actor, started_at, status)
VALUES ($export_id, $destination, $actor, $started_at, 'delivering')
RETURNING redelivery_id

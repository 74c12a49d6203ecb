-- A delivery from a known sender: new identifiers learnt, last delivery times and count updated.
-- params: sender_id, identifiers, seen_at, sent_at
UPDATE senders SET
    identifiers = list_sort(list_distinct(list_concat(identifiers, $identifiers::VARCHAR[]))),
    last_seen_at = $seen_at,
    last_sent_at = CASE WHEN $sent_at::TIMESTAMPTZ IS NULL THEN last_sent_at
                        ELSE greatest(coalesce(last_sent_at, $sent_at::TIMESTAMPTZ), $sent_at::TIMESTAMPTZ) END,
    deliveries = deliveries + 1
WHERE sender_id = $sender_id

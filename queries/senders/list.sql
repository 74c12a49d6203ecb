-- Every sender account, newest delivery first.
-- params:
SELECT sender_id, name, identifiers, strict, deliveries, first_seen_at, last_seen_at, last_sent_at
FROM senders ORDER BY last_seen_at DESC, sender_id

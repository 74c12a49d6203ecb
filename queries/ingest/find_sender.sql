-- The sender account a header names: by one of its identifiers, else by its name; with the sent time of
-- its latest delivery (rule Q04 compares the next one with it).
-- params: name, identifiers
SELECT sender_id, name, last_sent_at, strict FROM senders
WHERE (len($identifiers::VARCHAR[]) > 0 AND list_has_any(identifiers, $identifiers::VARCHAR[])) OR name = $name
ORDER BY (len($identifiers::VARCHAR[]) > 0 AND list_has_any(identifiers, $identifiers::VARCHAR[])) DESC, sender_id
LIMIT 1

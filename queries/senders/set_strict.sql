-- Validate (or stop validating) a sender's files against the XSD (rule Q03).
-- params: name, strict
UPDATE senders SET strict = $strict WHERE name = $name RETURNING sender_id

-- Benchmark data: the two senders of a generated catalogue (sender 1 delivers every run but the last;
-- sender 2 the last, whose products the catalogue has from sender 1: rule Q10's defect).
-- params: names, seen_at
INSERT INTO senders (sender_id, name, first_seen_at, last_seen_at, last_sent_at, deliveries)
SELECT n, $names[n], $seen_at, $seen_at, $seen_at, 1 FROM range(1, len($names) + 1) AS t(n)

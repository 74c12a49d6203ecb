-- Benchmark data: the temporary macro bench_pick(items, i, salt), one item of a list drawn for product i
-- (NULL from an empty list).
-- params:
CREATE OR REPLACE TEMP MACRO bench_pick(items, i, salt) AS items[1 + (hash(i, salt) % greatest(len(items), 1))::BIGINT]

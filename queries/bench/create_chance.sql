-- Benchmark data: the temporary macro bench_u(i, salt), product i's draw in [0, 1) for one decision
-- (a hash of the product and the decision's name, so the generated catalogue is the same on every run).
-- params:
CREATE OR REPLACE TEMP MACRO bench_u(i, salt) AS (hash(i, salt) % 1000000)::DOUBLE / 1000000

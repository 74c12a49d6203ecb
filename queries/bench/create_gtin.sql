-- Benchmark data: the temporary macro bench_gtin(stem), 12 digits completed with their GS1 mod-10 check
-- digit (the arithmetic of core/samples/identifiers.py).
-- params:
CREATE OR REPLACE TEMP MACRO bench_gtin(stem) AS stem || ((10 - list_sum(list_transform(range(12),
    lambda k: (ascii(stem[k + 1]) - 48) * (1 + 2 * (k % 2)))) % 10) % 10)::VARCHAR

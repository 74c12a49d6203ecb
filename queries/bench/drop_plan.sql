-- Benchmark data: drop the plan once the catalogue is generated (the database then holds only what an
-- ingest and approvals would have written).
-- params:
DROP TABLE bench_plan

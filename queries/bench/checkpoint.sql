-- Benchmark data: write the generated catalogue from the write-ahead log into the database file, so the
-- timings read what a long-running console reads.
-- params:
CHECKPOINT

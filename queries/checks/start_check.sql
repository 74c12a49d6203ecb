-- Open a check run; returns its id.
-- params: kind, run_id, actor, started_at
INSERT INTO check_runs (kind, run_id, actor, started_at) VALUES ($kind, $run_id, $actor, $started_at)
RETURNING check_id

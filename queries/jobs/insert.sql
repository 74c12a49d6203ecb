-- A job as submitted (status queued).
-- params: job_id, kind, title, actor, created_at
INSERT INTO jobs (job_id, kind, title, actor, status, created_at) VALUES ($job_id, $kind, $title, $actor, 'queued', $created_at)

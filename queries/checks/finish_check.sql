-- Close a check run with what it judged and found.
-- params: check_id, finished_at
UPDATE check_runs SET finished_at = $finished_at,
    subjects = (SELECT count(*) FROM check_subjects),
    findings = (SELECT count(*) FROM staged_findings)
WHERE check_id = $check_id

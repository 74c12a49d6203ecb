-- Findings recorded per day and severity (new and recurring: what each day's deliveries still carried;
-- resolved: what they fixed), for the trend charts.
-- params: days
SELECT CAST(created_at AS DATE) AS day, severity,
       count(*) FILTER (WHERE status IN ('new', 'recurring')) AS found,
       count(*) FILTER (WHERE status = 'new') AS new,
       count(*) FILTER (WHERE status = 'resolved') AS resolved
FROM findings
WHERE created_at >= now() - to_days(CAST($days AS INTEGER))
GROUP BY ALL
ORDER BY day, severity

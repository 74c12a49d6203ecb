-- Every version of one partner's profile, newest first: who saved it and when.
-- params: name
SELECT name, version, CAST(profile AS VARCHAR) AS profile, created_at, created_by FROM partners
WHERE name = $name
ORDER BY version DESC

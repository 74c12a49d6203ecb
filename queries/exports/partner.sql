-- One partner's profile: the version asked for, else the current one.
-- params: name, version
SELECT name, version, CAST(profile AS VARCHAR) AS profile FROM partners
WHERE name = $name AND ($version::BIGINT IS NULL OR version = $version::BIGINT)
ORDER BY version DESC LIMIT 1

-- A partner profile version.
-- params: name, version, profile, created_at, created_by
INSERT INTO partners (name, version, profile, created_at, created_by)
VALUES ($name, $version, $profile::JSON, $created_at, $created_by)

-- Every partner's current (latest) profile version.
-- params:
SELECT name, version, CAST(profile AS VARCHAR) AS profile, created_at, created_by FROM partners
QUALIFY row_number() OVER (PARTITION BY name ORDER BY version DESC) = 1
ORDER BY name

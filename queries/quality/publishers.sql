-- The publishers that current findings name, alphabetically (for the Quality screen's filter).
-- params:
SELECT DISTINCT publisher FROM current_findings WHERE publisher IS NOT NULL ORDER BY publisher

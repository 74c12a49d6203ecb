-- How many rows a file's flat rows hold.
-- params:
SELECT count(*) FROM export_rows

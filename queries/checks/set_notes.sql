-- Point a delivery's check at its spooled conversion notes.
-- params: files
SET VARIABLE check_notes_files = $files

-- A delivery's subjects already carry their run and position.
-- params:
CREATE OR REPLACE TEMP VIEW check_subjects_runs AS SELECT * FROM check_subjects

-- The positions of a delivery's changed products, in order (to cut its diff into slices).
-- params:
SELECT position FROM classified WHERE outcome = 'changed' ORDER BY position

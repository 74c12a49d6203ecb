-- Drop the run's staging table (temporary tables live as long as the connection otherwise).
-- params:
DROP TABLE IF EXISTS staged_products

-- The pair of two versions of one product's history (id 0), to diff any version against any other.
-- params: product_key, old_version, new_version
CREATE OR REPLACE TEMP TABLE diff_pairs AS
SELECT 0::BIGINT AS id, o.ccf AS old, n.ccf AS new
FROM catalog_history AS o, catalog_history AS n
WHERE o.product_key = $product_key AND n.product_key = $product_key
  AND o.version = $old_version AND n.version = $new_version

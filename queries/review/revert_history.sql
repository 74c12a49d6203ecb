-- The revert as a version of the history, naming the version it restores in its comment.
-- params: product_key, old_version, next_version, approved_at, approved_by, comment
INSERT INTO catalog_history (product_key, version, content_hash, ccf, deleted, action, conversion_id, approved_at,
                             approved_by, comment)
SELECT product_key, $next_version, content_hash, ccf, false, 'revert', conversion_id, $approved_at, $approved_by,
       $comment
FROM catalog_history WHERE product_key = $product_key AND version = $old_version

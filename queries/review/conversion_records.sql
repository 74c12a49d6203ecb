-- The two records a reviewer compares: a conversion's CCF record and the catalogue version it was diffed
-- against (its base version, from the history; NULL for a new product), with the catalogue's version now.
-- params: conversion_id
SELECT c.conversion_id, c.product_key, c.kind, c.base_version, c.ccf AS new_ccf, h.ccf AS base_ccf,
       k.version AS catalog_version
FROM conversions AS c
LEFT JOIN catalog_history AS h ON h.product_key = c.product_key AND h.version = c.base_version
LEFT JOIN catalog AS k ON k.product_key = c.product_key
WHERE c.conversion_id = $conversion_id

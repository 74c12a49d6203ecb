-- The field-level changes of one conversion.
-- params: conversion_id
SELECT field, item, change, old_value, new_value FROM conversion_changes
WHERE conversion_id = $conversion_id
ORDER BY field, item, change

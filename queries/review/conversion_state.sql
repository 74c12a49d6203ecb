-- A conversion's product and status.
-- params: conversion_id
SELECT conversion_id, product_key, status, kind FROM conversions WHERE conversion_id = $conversion_id

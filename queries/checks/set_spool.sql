-- Point a delivery's check at its spooled products.
-- params: products
SET VARIABLE check_products = $products

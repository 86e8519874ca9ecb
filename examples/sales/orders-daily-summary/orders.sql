-- The example's source table, loaded by ./demo into the local PostgreSQL (database test): 1,000 orders over the last
-- 1,000 minutes, the newest just now, so the first run's data is fresh.
DROP TABLE IF EXISTS orders;
CREATE TABLE orders (
    order_id       text PRIMARY KEY,
    customer_id    text,
    customer_email text,
    amount         numeric(12, 2) NOT NULL,
    updated_at     timestamptz NOT NULL
);
INSERT INTO orders
SELECT 'o' || lpad(i::text, 5, '0'),
       'c' || lpad((i % 40 + 1)::text, 3, '0'),
       'customer' || (i % 40 + 1) || '@example.com',
       round((10 + (i * 7919) % 500 + ((i * 13) % 100) / 100.0)::numeric, 2),
       now() - (1000 - i) * interval '1 minute'
FROM generate_series(1, 1000) AS i;

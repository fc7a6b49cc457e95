-- totals first, then a rank over them
WITH totals AS (
  SELECT customer_id, SUM(amount_cents) AS total
  FROM orders
  WHERE status = 'paid' AND substr(ordered_on, 1, 4) = '2026'
  GROUP BY customer_id
),
ranked AS (
  SELECT c.name, c.country, t.total,
         ROW_NUMBER() OVER (ORDER BY t.total DESC, c.name) AS position
  FROM totals AS t JOIN customers AS c ON c.id = t.customer_id
)
SELECT name, country, total AS total_cents FROM ranked WHERE position <= 10 ORDER BY position;

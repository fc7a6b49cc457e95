-- the right rows, but equal totals are not ordered by name
SELECT c.name, c.country, SUM(o.amount_cents) AS total_cents
FROM customers AS c JOIN orders AS o ON o.customer_id = c.id
WHERE o.status = 'paid' AND o.ordered_on BETWEEN '2026-01-01' AND '2026-12-31'
GROUP BY c.id
ORDER BY total_cents DESC, c.id DESC
LIMIT 10;

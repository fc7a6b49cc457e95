-- a calendar of days that never stops growing: a recursive CTE without an end condition
WITH RECURSIVE days(d) AS (
  SELECT date('2026-01-01')
  UNION ALL
  SELECT date(d, '+1 day') FROM days
)
SELECT c.name, c.country, SUM(o.amount_cents) AS total_cents
FROM customers AS c JOIN orders AS o ON o.customer_id = c.id
WHERE o.status = 'paid' AND o.ordered_on IN (SELECT d FROM days)
GROUP BY c.id
ORDER BY total_cents DESC, c.name
LIMIT 10;

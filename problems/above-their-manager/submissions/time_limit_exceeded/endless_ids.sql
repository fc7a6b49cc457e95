-- counts through every possible id and never stops
WITH RECURSIVE ids(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM ids)
SELECT e.name AS employee, m.name AS manager, e.salary - m.salary AS difference
FROM employees AS e JOIN employees AS m ON m.id = e.manager_id
WHERE e.salary > m.salary AND e.id IN (SELECT i FROM ids);

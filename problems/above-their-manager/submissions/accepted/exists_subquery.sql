-- any order is fine: this problem compares the rows as a set
SELECT e.name AS employee,
       (SELECT m.name FROM employees AS m WHERE m.id = e.manager_id) AS manager,
       e.salary - (SELECT m.salary FROM employees AS m WHERE m.id = e.manager_id) AS difference
FROM employees AS e
WHERE EXISTS (SELECT 1 FROM employees AS m WHERE m.id = e.manager_id AND m.salary < e.salary)
ORDER BY difference DESC;

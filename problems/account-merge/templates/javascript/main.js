const lines = require("fs").readFileSync(0, "utf8").split("\n");
const n = Number(lines[0]);
const accounts = [];
for (let i = 0; i < n; i++) {
  const [name, k, ...emails] = lines[1 + i].split(" ");
  accounts.push(emails);
}
// TODO: group the accounts that share an address (case-insensitively, transitively)
const out = [String(n)];
for (let i = 0; i < n; i++) out.push(String(i + 1));
console.log(out.join("\n"));

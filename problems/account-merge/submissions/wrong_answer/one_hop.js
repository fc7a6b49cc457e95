// Puts each account into the group of the first earlier account that shares an address, without ever
// joining two groups: a later account that links two existing groups leaves them apart.
const lines = require("fs").readFileSync(0, "utf8").split("\n");
const n = Number(lines[0]);
const groupOf = new Map(), group = new Array(n);
for (let i = 0; i < n; i++) {
  const emails = lines[1 + i].split(" ").slice(2).map((e) => e.toLowerCase());
  group[i] = i;
  for (const e of emails) if (groupOf.has(e)) { group[i] = groupOf.get(e); break; }
  for (const e of emails) if (!groupOf.has(e)) groupOf.set(e, group[i]);
}
const members = new Map();
for (let i = 0; i < n; i++) {
  if (!members.has(group[i])) members.set(group[i], []);
  members.get(group[i]).push(i + 1);
}
const keys = [...members.keys()].sort((a, b) => a - b);
console.log([String(keys.length), ...keys.map((k) => members.get(k).join(" "))].join("\n"));

// Gives each shift to the first available engineer who is under their limit, and never revisits a choice:
// with ada (1 shift, free for shifts 1 and 2) and bob (1 shift, free for shift 1) it gives shift 1 to ada
// and then finds nobody for shift 2.
const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean);
let at = 0;
const e = Number(data[at++]), s = Number(data[at++]);
const engineers = [];
const available = Array.from({ length: s + 1 }, () => []);
for (let i = 0; i < e; i++) {
  const name = data[at++], cap = Number(data[at++]), k = Number(data[at++]);
  engineers.push({ name, cap, load: 0 });
  for (let j = 0; j < k; j++) available[Number(data[at++])].push(i);
}
const roster = [];
for (let shift = 1; shift <= s; shift++) {
  const pick = available[shift].find((i) => engineers[i].load < engineers[i].cap);
  if (pick === undefined) { console.log("IMPOSSIBLE"); process.exit(0); }
  engineers[pick].load++;
  roster.push(engineers[pick].name);
}
console.log(roster.join("\n"));

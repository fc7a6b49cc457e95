const lines = require("fs").readFileSync(0, "utf8").split("\n");
const n = Number(lines[0]);
const views = [];
for (const line of lines.slice(1, 1 + n)) {
  const [visitor, timestamp, path] = line.split(" ");
  views.push({ visitor, timestamp: Number(timestamp), path });
}
// TODO: per visitor: sessions and the longest one; then SESSIONS and BOUNCES
console.log("SESSIONS 0\nBOUNCES 0");

const lines = require("fs").readFileSync(0, "utf8").split("\n");
const k = Number(lines[0]);
let valid = 0, skipped = 0;
for (const line of lines.slice(1)) {
  if (!line) continue;
  // TODO: check the line, find its endpoint, latency (ms) and status
  skipped++;
}
console.log(`${valid} ${skipped}`);
// TODO: print the first k endpoints: "METHOD PATH REQUESTS ERRORS P95"

// Fewest rooms for meetings [s, e) (back-to-back meetings can share a room).
function minRooms(meetings) {
  // TODO: your solution here
  return 0;
}

const data = require("fs").readFileSync(0, "utf8").split(/\s+/).filter(Boolean).map(Number);
const n = data[0];
const meetings = [];
for (let i = 0; i < n; i++) meetings.push([data[1 + 2 * i], data[2 + 2 * i]]);
console.log(String(minRooms(meetings)));

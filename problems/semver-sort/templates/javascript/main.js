const lines = require("fs").readFileSync(0, "utf8").split("\n");
const n = Number(lines[0]);
const tags = lines.slice(1, 1 + n);
// TODO: keep the valid versions, sort them by precedence (stable), then list the invalid tags
// (numbers can be far larger than Number.MAX_SAFE_INTEGER)
console.log(tags.join("\n"));

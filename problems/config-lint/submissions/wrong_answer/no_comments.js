// Handles strings and escapes, but not comments: a bracket after '#' is counted.
const text = require("fs").readFileSync(0, "latin1");
const closer = { "(": ")", "[": "]", "{": "}" };
function lint() {
  const stack = [];
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    const line = lines[n];
    let stringAt = 0, escaped = false;
    for (let c = 0; c < line.length; c++) {
      const ch = line[c];
      if (stringAt) {
        if (escaped) escaped = false;
        else if (ch === "\\") escaped = true;
        else if (ch === '"') stringAt = 0;
      } else if (ch === '"') stringAt = c + 1;
      else if (closer[ch]) stack.push([ch, n + 1, c + 1]);
      else if (")]}".includes(ch)) {
        if (!stack.length) return `line ${n + 1} col ${c + 1}: unexpected '${ch}'`;
        const want = closer[stack[stack.length - 1][0]];
        if (want !== ch) return `line ${n + 1} col ${c + 1}: expected '${want}' but found '${ch}'`;
        stack.pop();
      }
    }
    if (stringAt) return `line ${n + 1} col ${stringAt}: unterminated string`;
  }
  if (stack.length) {
    const [ch, l, c] = stack[stack.length - 1];
    return `line ${l} col ${c}: unclosed '${ch}'`;
  }
  return "OK";
}
console.log(lint());

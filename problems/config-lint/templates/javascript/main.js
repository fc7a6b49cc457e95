// "OK" or the first problem, e.g. "line 2 col 22: expected ']' but found '}'".
function lint(text) {
  const lines = text.split("\n");
  for (let n = 0; n < lines.length; n++) {
    for (let c = 0; c < lines[n].length; c++) {
      const ch = lines[n][c];
      // TODO: strings, comments and brackets (line n + 1, column c + 1)
    }
  }
  return "OK";
}

console.log(lint(require("fs").readFileSync(0, "latin1")));

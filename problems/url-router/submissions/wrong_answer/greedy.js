// Walks the trie greedily: a static child wins whenever one exists, with no way back when the rest of
// the path then fails to match (GET /a/b/d with routes /a/b/c and /a/:x/d gives 404).
const lines = require("fs").readFileSync(0, "utf8").split("\n");
const node = () => ({ stat: new Map(), param: null, wild: new Map(), routes: new Map() });
const segs = (p) => p.split("?")[0].split("/").filter(Boolean);
const root = node();
let i = 0;
const r = Number(lines[i++]);
for (let k = 0; k < r; k++) {
  const [method, pattern, name] = lines[i++].split(" ");
  let n = root;
  const names = [];
  for (const s of segs(pattern)) {
    if (s[0] === "*") { names.push(s.slice(1)); n.wild.set(method, [name, names]); n = null; break; }
    if (s[0] === ":") { names.push(s.slice(1)); n.param = n.param || node(); n = n.param; }
    else { if (!n.stat.has(s)) n.stat.set(s, node()); n = n.stat.get(s); }
  }
  if (n) n.routes.set(method, [name, names]);
}
const q = Number(lines[i++]);
const out = [];
for (let k = 0; k < q; k++) {
  const [method, path] = lines[i++].split(" ");
  const ss = segs(path);
  let n = root, values = [], hit = null;
  for (let j = 0; j <= ss.length; j++) {
    if (j === ss.length) { hit = n.routes; break; }
    if (n.stat.has(ss[j])) n = n.stat.get(ss[j]);
    else if (n.param) { values.push(ss[j]); n = n.param; }
    else if (n.wild.size) { values.push(ss.slice(j).join("/")); hit = n.wild; break; }
    else break;
  }
  if (hit && hit.has(method)) {
    const [name, names] = hit.get(method);
    out.push([name, ...names.map((key, x) => `${key}=${decodeURIComponent(values[x])}`)].join(" "));
  } else if (hit && hit.size) out.push("405 " + [...hit.keys()].sort().join(","));
  else out.push("404");
}
console.log(out.join("\n"));

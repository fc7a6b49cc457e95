// Small DOM helpers: element creation without innerHTML, and formatting.

export const $ = (id) => document.getElementById(id);

// el("p", {class: "meta", text: "…"}, child, …): attributes, then children (nodes or strings).
export function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === null || value === false) continue;
    if (name === "text") node.textContent = value;
    else if (name === "class") node.className = value;
    else if (name.startsWith("on")) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

export function num(value) {
  if (value === null || value === undefined) return "–";
  return Number.isInteger(value) ? String(value) : String(Math.round(value * 100) / 100);
}

export function memory(kib) {
  if (!kib) return "–";
  return kib >= 1024 ? `${(kib / 1024).toFixed(1)} MiB` : `${kib} KiB`;
}

export function millis(ms) {
  if (ms === null || ms === undefined) return "–";
  return ms >= 1000 ? `${(ms / 1000).toFixed(2)} s` : `${ms} ms`;
}

// Verdict display names: the server's one table (graders/verdicts.py), rendered into the workspace page
// (a data attribute: nothing inline for the Content-Security-Policy to allow). A verdict without a name
// shows as its code.
export const VERDICTS = readVerdictNames();

function readVerdictNames() {
  try {
    return JSON.parse(document.getElementById("workspace")?.dataset.verdictNames || "{}");
  } catch {
    return {};
  }
}

export function verdictBadge(verdict) {
  const name = VERDICTS[verdict] || verdict;
  return el("span", { class: `verdict v-${verdict}`, title: name }, verdict,
    el("span", { class: "visually-hidden", text: ` (${name})` }));
}

// Announce to screen readers (the page's assertive live region).
export function announce(message) {
  const region = $("announcer");
  if (!region) return;
  region.textContent = "";
  setTimeout(() => { region.textContent = message; }, 50);
}

// The Submissions tab of a problem: every submission of it (time, language, verdict, points), each one's
// code read-only and its result on demand. GET /v1/me/submissions?problem=<slug>&code=true.

import { get } from "./api.js";
import { $, el, num, verdictBadge, VERDICTS } from "./dom.js";
import { DISPLAY_NAMES } from "./languages.js";
import { parseUtc } from "./timer.js";

export async function submissionsOf(slug) {
  return (await get(`/v1/me/submissions?problem=${encodeURIComponent(slug)}&code=true`)) || [];
}

function when(iso) {
  const date = new Date(parseUtc(iso));
  return date.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", second: "2-digit" });
}

function codeOf(item) {
  const files = item.files || {};
  const names = Object.keys(files).sort();
  return el("div", { class: "history-code" }, names.flatMap((name) => [
    names.length > 1 ? el("h4", { text: name }) : null,
    el("pre", { class: "code-readonly", tabindex: "0", "aria-label": `Submitted code, ${name}`, text: files[name] }),
  ]));
}

// Render `items` (oldest first) newest first into the Submissions panel; onShow(item) shows a result,
// onRestore(item) puts the submission's files back into the editor.
export function renderHistory(items, onShow, onRestore = null) {
  const panel = $("history");
  $("history-count").textContent = items.length ? ` (${items.length})` : "";
  if (!items.length) {
    panel.replaceChildren(el("p", { class: "meta", id: "history-empty", text: "No submission of this problem yet." }));
    return;
  }
  // what the candidate opened stays open when the list is drawn again (a result arriving redraws it)
  const opened = new Set([...panel.querySelectorAll("li[data-submission] > details[open]")]
    .map((details) => details.parentElement.dataset.submission));
  const rows = [...items].reverse().map((item, index) => {
    const done = item.status !== "queued" && item.status !== "running";
    const verdict = item.verdict ? [verdictBadge(item.verdict), " ", VERDICTS[item.verdict] || item.verdict] : item.status;
    const points = item.points === null || item.points === undefined ? "–" : `${num(item.points)} / ${num(item.max_points)}`;
    const details = el("details", { class: "history-item" },
      el("summary", {}, `#${items.length - index} · ${when(item.created_at)} · `,
        DISPLAY_NAMES[item.language] || item.language, " · ", verdict, ` · ${points} points`),
      done ? el("button", { type: "button", class: "link", onclick: () => onShow(item), text: "Show its result" }) : null,
      onRestore && item.files ? el("button", { type: "button", class: "link restore", onclick: () => onRestore(item),
        text: "Put this code back in the editor" }) : null,
      codeOf(item));
    details.open = opened.has(item.id);  // (not through el(): it takes attributes starting "on" for events)
    return el("li", { "data-submission": item.id }, details);
  });
  panel.replaceChildren(el("ol", { class: "history", id: "history-list", reversed: true }, rows));
}

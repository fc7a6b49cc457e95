// The results pane: a run's or a submission's status, compile errors, and the per-test table
// (samples in full: input, expected, output; hidden tests: verdict, time and memory only).

import { $, el, memory, millis, num, verdictBadge, VERDICTS } from "./dom.js";

function pane() {
  const box = $("results");
  box.querySelectorAll(":scope > :not(h2)").forEach((node) => node.remove());
  return box;
}

export function showMessage(text, kind = "meta") {
  pane().append(el("p", { class: kind, id: "results-status", text }));
}

// While queued the server says how many start before this one (queue_position; null once running).
function place(item) {
  const ahead = item.queue_position;
  if (!Number.isInteger(ahead)) return "queued";
  return ahead === 0 ? "queued, next in line" : `queued, ${ahead} ahead of you`;
}

// A language whose sandbox image is still being built (the first use of a less common language):
// the server says which (preparing), and the run waits for it rather than failing.
function waiting(item) {
  if (item.status !== "queued") return "running";
  return item.preparing ? `preparing ${item.preparing}` : place(item);
}

export function showPending(what, item) {
  const status = item ? waiting(item) : "sending";
  const text = `${what}: ${status}…`;
  pane().append(el("p", { class: "meta pending", id: "results-status", text }));
}

function block(label, text) {
  return el("div", { class: "io" }, el("h4", { text: label }), el("pre", { text: text ?? "" }));
}

function headline(item) {
  const what = item.kind === "submission" ? "Submission" : "Run";
  if (item.status === "error") return el("p", { id: "results-status", class: "error" }, `${what}: the grader failed; try again.`);
  const parts = [`${what} `, item.verdict ? verdictBadge(item.verdict) : "", " "];
  parts.push(el("strong", { text: VERDICTS[item.verdict] || item.verdict || item.status }));
  if (item.kind === "submission" && item.points !== null && item.points !== undefined) {
    parts.push(el("span", { class: "points", text: ` · ${num(item.points)} / ${num(item.max_points)} points` }));
  }
  if (item.kind === "run" && item.time_ms !== null && item.time_ms !== undefined && !item.tests.length) {
    parts.push(el("span", { class: "meta", text: ` · ${millis(item.time_ms)} · ${memory(item.memory_kib)}` }));
  }
  return el("p", { id: "results-status", class: "headline" }, parts);
}

export function showResult(item) {
  const box = pane();
  box.append(headline(item));
  if (item.compile_message) {
    box.append(el("h3", { text: "Compiler output" }), el("pre", { class: "compile", id: "compile-message", text: item.compile_message }));
  }
  if (item.kind === "run" && item.stdout !== null && item.stdout !== undefined && !item.tests.length) {
    box.append(el("div", { class: "io-grid" }, block("Output", item.stdout), block("Errors (stderr)", item.stderr || "")));
  }
  const tests = item.tests || [];
  if (!tests.length) return;
  const rows = tests.map((test, index) => el("tr", { class: test.hidden ? "hidden-test" : "sample-test" },
    el("td", { class: "num", text: String(index + 1) }),
    el("td", { text: test.hidden ? `${test.group} / ${test.name}` : `sample ${test.name}` }),
    el("td", {}, verdictBadge(test.verdict)),
    el("td", { class: "num", text: millis(test.time_ms) }),
    el("td", { class: "num", text: memory(test.memory_kib) })));
  box.append(el("table", { class: "list tests", id: "tests-table" },
    el("caption", { class: "visually-hidden", text: "Per-test results" }),
    el("thead", {}, el("tr", {},
      el("th", { scope: "col", class: "num", text: "#" }), el("th", { scope: "col", text: "Test" }),
      el("th", { scope: "col", text: "Verdict" }), el("th", { scope: "col", class: "num", text: "Time" }),
      el("th", { scope: "col", class: "num", text: "Memory" }))),
    el("tbody", {}, rows)));
  for (const test of tests.filter((t) => !t.hidden)) {
    box.append(el("section", { class: "sample-result" },
      el("h3", {}, `Sample ${test.name} `, verdictBadge(test.verdict)),
      test.message && test.message !== VERDICTS[test.verdict] ? el("p", { class: "meta", text: test.message }) : null,
      el("div", { class: "io-grid three" },
        block("Input", test.input), block("Expected output", test.expected_output), block("Your output", test.output))));
  }
  const hidden = tests.filter((t) => t.hidden).length;
  if (hidden) box.append(el("p", { class: "meta", text: `${hidden} hidden tests: their input and expected output stay on the server.` }));
}

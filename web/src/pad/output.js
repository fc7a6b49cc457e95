// A run's output as everyone in the pad sees it (the candidate's view of a run: no hidden data).

function block(label, text, className) {
  const wrap = document.createElement("div");
  wrap.className = className;
  wrap.append(Object.assign(document.createElement("h3"), { textContent: label }));
  wrap.append(Object.assign(document.createElement("pre"), { textContent: text }));
  return wrap;
}

export function renderOutput(box, data) {
  box.innerHTML = "";
  const result = data.result;
  if (!result) {
    box.append(Object.assign(document.createElement("p"), { className: "error", textContent: data.message || "no output" }));
    return;
  }
  const head = document.createElement("p");
  head.className = "pad-verdict";
  head.dataset.verdict = result.verdict || "";
  head.textContent = `${data.by} ran ${result.language}: ${result.verdict || result.status}`
    + (result.time_ms != null ? ` · ${result.time_ms} ms` : "");
  box.append(head);
  if (result.compile_message) box.append(block("Compiler", result.compile_message, "pad-compile"));
  if (result.stdout != null) box.append(block("Output", result.stdout, "pad-stdout"));
  if (result.stderr) box.append(block("Errors", result.stderr, "pad-stderr"));
  for (const test of result.tests || []) {
    const row = document.createElement("div");
    row.className = "pad-test";
    row.append(Object.assign(document.createElement("p"), { textContent: `${test.group}/${test.name}: ${test.verdict} (${test.time_ms} ms)` }));
    if (test.output != null) row.append(block("Output", test.output, "pad-stdout"));
    if (test.message) row.append(block("Message", test.message, "pad-message"));
    box.append(row);
  }
}

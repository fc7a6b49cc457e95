// The problem list (best points so far) and the statement pane.

import { $, el, num } from "./dom.js";
import { renderSql } from "./sqlpane.js";

// Updates the buttons in place (a re-render every minute must not take the keyboard focus away).
export function renderProblemList(problems, current, onSelect) {
  const list = $("problem-list");
  const same = list.children.length === problems.length
    && problems.every((p, i) => list.children[i].firstElementChild?.dataset.slug === p.slug);
  if (!same) {
    list.replaceChildren(...problems.map((problem) => el("li", {},
      el("button", { type: "button", class: "problem", "data-slug": problem.slug, onclick: () => onSelect(problem.slug) },
        el("span", { class: "title", text: problem.title }), el("span", { class: "best" })))));
  }
  problems.forEach((problem, index) => {
    const button = list.children[index].firstElementChild;
    const best = problem.best_points === null || problem.best_points === undefined ? "–" : num(problem.best_points);
    button.querySelector(".best").textContent = `${best} / ${num(problem.max_points)}`;
    button.setAttribute("aria-label", `${problem.title}, best ${best} of ${num(problem.max_points)} points`);
    if (problem.slug === current) button.setAttribute("aria-current", "true");
    else button.removeAttribute("aria-current");
  });
  const total = problems.reduce((sum, p) => sum + (p.best_points || 0), 0);
  const max = problems.reduce((sum, p) => sum + (p.max_points || 0), 0);
  $("total").textContent = `Total so far: ${num(total)} / ${num(max)}`;
}

function limitsText(detail) {
  const limits = detail.limits || {};
  const parts = [];
  if (limits.time_limit_s) parts.push(`Time limit ${num(limits.time_limit_s)} s per test`);
  if (limits.memory_limit_mib) parts.push(`memory ${limits.memory_limit_mib} MiB`);
  parts.push(`${num(detail.max_points)} points`);
  return parts.join(" · ");
}

export function renderStatement(detail) {
  $("problem-title").textContent = detail.title;
  $("problem-limits").textContent = limitsText(detail);
  const body = $("statement");
  if (detail.statement_html !== undefined) {
    body.innerHTML = detail.statement_html; // sanitised on the server (Markdown, raw HTML disabled)
  } else {
    body.replaceChildren(el("pre", { class: "markdown", text: detail.statement || "" }));
  }
  // the statement's own top heading repeats the title
  const first = body.firstElementChild;
  if (first && /^H1$/.test(first.tagName) && first.textContent.trim() === detail.title.trim()) first.remove();
  renderSql(detail.sql);
  const samples = $("samples");
  samples.replaceChildren();
  if (!detail.samples?.length) return;
  samples.append(el("h2", { text: "Samples" }));
  // an SQL question's input builds the database, its output is the query's result
  const [input, output] = detail.sql ? ["database (SQL)", "expected result"] : ["input", "output"];
  detail.samples.forEach((sample, index) => {
    samples.append(el("div", { class: "io-grid sample" },
      el("div", { class: "io" }, el("h3", { text: `Sample ${index + 1}: ${input}` }), el("pre", { text: sample.input })),
      el("div", { class: "io" }, el("h3", { text: `Sample ${index + 1}: ${output}` }), el("pre", { text: sample.output }))));
  });
}

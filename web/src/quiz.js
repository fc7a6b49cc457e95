// A quiz in the workspace: the questions of a problem of grader kind "quiz" (GET /v1/me/problems/{slug}
// gives them without their answers, options in this candidate's order) as a form of native radio
// buttons, check boxes and text areas, so the keyboard and screen readers work as everywhere. Answers
// autosave like code (a draft of language "answers": answers.json) and go in as a submission of the
// same language; the score shows in the candidate's report once the assessment ends.

import { $, el, num } from "./dom.js";

export const ANSWERS = "answers"; // the "language" of a quiz's answers

// answers.json's text -> {question id: [option ids] | "text"}; anything unreadable is no answers.
export function parseAnswers(text) {
  try {
    const value = JSON.parse(text || "{}");
    return value && typeof value === "object" && !Array.isArray(value) ? value : {};
  } catch {
    return {};
  }
}

function optionList(question, chosen, onChange) {
  const kind = question.type === "single" ? "radio" : "checkbox";
  const picked = new Set(Array.isArray(chosen) ? chosen : chosen ? [chosen] : []);
  return el("ul", { class: "quiz-options" }, question.options.map((option) => {
    const id = `quiz-${question.id}-${option.id}`;
    const input = el("input", {
      type: kind, id, name: `quiz-${question.id}`, value: option.id, checked: picked.has(option.id),
      "data-question": question.id, onchange: onChange,
    });
    const label = el("label", { for: id, class: "quiz-option-text" });
    label.innerHTML = option.text_html; // sanitised on the server (Markdown, raw HTML disabled)
    return el("li", { class: "quiz-option" }, input, label);
  }));
}

function textAnswer(question, value, onInput) {
  const id = `quiz-${question.id}-text`;
  const counter = el("span", { class: "quiz-count", id: `${id}-count`, "aria-live": "polite" });
  const area = el("textarea", {
    id, rows: 5, maxlength: question.max_chars, "data-question": question.id, "aria-describedby": `${id}-count`,
    oninput: (event) => {
      counter.textContent = `${event.target.value.length} / ${question.max_chars} characters`;
      onInput();
    },
  });
  area.value = typeof value === "string" ? value : "";
  counter.textContent = `${area.value.length} / ${question.max_chars} characters`;
  return el("div", { class: "quiz-text" }, el("label", { for: id, text: "Your answer (a reviewer scores it)" }), area, counter);
}

export class Quiz {
  // container: where the form goes; onChange(text): the answers changed (autosave); onSubmit(): submit.
  constructor(container, { onChange, onSubmit }) {
    this.container = container;
    this.onChange = onChange;
    this.onSubmit = onSubmit;
    this.problem = null;
    this.locked = false;
  }

  get slug() {
    return this.problem?.slug ?? null;
  }

  render(problem, text) {
    this.problem = problem;
    const answers = parseAnswers(text);
    const changed = () => this.onChange(problem.slug, this.text());
    const form = el("form", { class: "quiz", id: "quiz-form", novalidate: true, onsubmit: (event) => {
      event.preventDefault();
      this.onSubmit();
    } });
    problem.questions.forEach((question, index) => {
      const prompt = el("div", { class: "quiz-prompt" });
      prompt.innerHTML = question.prompt_html; // sanitised on the server
      const hint = question.type === "single" ? "choose one" : question.type === "multiple" ? "choose every answer that applies" : "free text";
      const legend = el("legend", {},
        el("span", { class: "quiz-number", text: `Question ${index + 1}` }),
        el("span", { class: "quiz-points", text: ` · ${num(question.points)} ${question.points === 1 ? "point" : "points"} · ${hint}` }));
      const body = question.type === "text"
        ? textAnswer(question, answers[question.id], changed)
        : optionList(question, answers[question.id], changed);
      form.append(el("fieldset", { class: `quiz-question quiz-${question.type}`, "data-question": question.id }, legend, prompt, body));
    });
    form.append(el("div", { class: "actions" },
      el("button", { type: "submit", class: "primary", id: "quiz-submit", disabled: this.locked, text: "Submit answers" }),
      el("p", { class: "hint", text: "Answers save as you go. Submit them to have them scored; you may submit again until the time is up, and the last submission counts." })));
    form.append(el("p", { class: "quiz-status", id: "quiz-status", role: "status" }));
    this.container.replaceChildren(form);
    this.container.hidden = false;
  }

  // The answers as answers.json's text (question order; unanswered questions left out).
  text() {
    const answers = {};
    for (const question of this.problem?.questions || []) {
      if (question.type === "text") {
        const value = this.container.querySelector(`textarea[data-question="${question.id}"]`)?.value || "";
        if (value.trim()) answers[question.id] = value;
      } else {
        const chosen = [...this.container.querySelectorAll(`input[data-question="${question.id}"]:checked`)].map((input) => input.value);
        if (chosen.length) answers[question.id] = chosen;
      }
    }
    return JSON.stringify(answers);
  }

  status(message, kind = "") {
    const box = $("quiz-status");
    if (!box) return;
    box.textContent = message;
    box.dataset.kind = kind;
  }

  busy(busy) {
    const button = $("quiz-submit");
    if (button) button.disabled = busy || this.locked;
  }

  hide() {
    this.container.hidden = true;
    this.problem = null;
  }

  lock() {
    this.locked = true;
    for (const input of this.container.querySelectorAll("input, textarea, button")) input.disabled = true;
  }
}

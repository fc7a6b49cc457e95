// The candidate workspace: wires the timer, problem list, statement, editor, drafts, runs and
// submissions together. Talks only to the candidate REST API (/v1/me..., as /take/v1/me: api.js).

import { get, request } from "./api.js";
import { $, announce, el, VERDICTS } from "./dom.js";
import { Drafts, installAutosave } from "./drafts.js";
import { Recorder } from "./recorder.js";
import { CodeEditor } from "./editor.js";
import { FileSet, FileTree } from "./files.js";
import { installFinish } from "./finish.js";
import { renderHistory, submissionsOf } from "./history.js";
import { DISPLAY_NAMES, SOURCE_NAMES, loadLanguage } from "./languages.js";
import { installBanner } from "./network.js";
import { renderProblemList, renderStatement } from "./problems.js";
import { ANSWERS, Quiz } from "./quiz.js";
import { showMessage, showPending, showResult } from "./results.js";
import { Timer, parseUtc } from "./timer.js";
import { uuid } from "./uuid.js";

const app = {
  me: null,
  details: new Map(), // slug -> GET /v1/me/problems/{slug}
  languageOf: new Map(), // slug -> the language shown for it
  restored: new Map(), // "slug/language" -> draft text from the server (a quiz's answers)
  restoredFiles: new Map(), // "slug/language" -> draft files from the server (code)
  fileSets: new Map(), // "slug/language" -> FileSet (files.js): the files the candidate works on
  current: null,
  results: new Map(), // slug -> the last run or submission result shown for it
  busy: false,
  over: false,
  loading: null, // the slug of a problem whose details are on their way
};

const drafts = new Drafts();
let editor;
let quiz; // the questions of a quiz problem, shown instead of the editor (quiz.js)
let fileTree;
let recorder = new Recorder("off", () => "");
const timer = new Timer({ onExpire: () => timeUp() });
const BUTTONS = ["run", "run-custom", "submit", "reset-code"];
const NARROW = window.matchMedia("(max-width: 700px)");

function setBusy(busy) {
  app.busy = busy;
  // while another problem loads, the picker and the buttons wait: a choice made then would apply to the
  // problem that is going away, and Run or Submit would send its code
  const loading = app.loading !== null;
  for (const id of BUTTONS) $(id).disabled = busy || app.over || !app.current || loading;
  $("language").disabled = busy || app.over || loading;
}

// The language the candidate last chose, remembered across problems and reloads (this browser only).
const PREFERRED = "assay.language";

function preferredLanguage() {
  try {
    return localStorage.getItem(PREFERRED);
  } catch {
    return null; // storage off (private mode, policy): no memory, the problem's first language
  }
}

function rememberLanguage(language) {
  try {
    localStorage.setItem(PREFERRED, language);
  } catch {
    // as above
  }
}

function status(text) {
  $("result-live").textContent = text;
}

// A phone shows one part of the workspace at a time (the tabs at the top); a wide screen shows them all.
function showPane(name) {
  $("workspace").dataset.pane = name;
  for (const button of $("pane-tabs").querySelectorAll("button")) {
    button.setAttribute("aria-pressed", String(button.dataset.pane === name));
  }
}

// The results area's two tabs: the last result shown, and the problem's submissions.
function showTab(name) {
  const history = name === "history";
  $("results").hidden = history;
  $("history").hidden = !history;
  $("results-tab").setAttribute("aria-selected", String(!history));
  $("history-tab").setAttribute("aria-selected", String(history));
  $("results-tab").tabIndex = history ? -1 : 0;
  $("history-tab").tabIndex = history ? 0 : -1;
  if (history) refreshHistory(app.current).catch(() => {});
}

async function refreshHistory(slug) {
  if (!slug) return [];
  const items = await submissionsOf(slug);
  if (app.current === slug) {
    renderHistory(items, (item) => {
      showTab("results");
      report(slug, () => showResult(item), item);
    }, (item) => restoreSubmission(slug, item));
  }
  return items;
}

// After a reload the results pane shows the problem's last graded submission again.
async function restoreResult(slug) {
  const items = await refreshHistory(slug);
  const last = items[items.length - 1];
  if (!last || app.results.has(slug) || last.status === "queued" || last.status === "running") return;
  report(slug, () => showResult(last), last);
}

// The starter text of one file (the language's main file when none is named); undefined when the
// package has no such starter file (the candidate added it).
function starterText(problem, language, file) {
  const files = problem.templates?.[language] || {};
  const name = file || sourceName(problem, language);
  if (name in files) return files[name];
  return file ? undefined : Object.values(files)[0] ?? "";
}

// Put a submission's files back in the editor (every file, in its language), in place of the current ones.
function restoreSubmission(slug, item) {
  const problem = app.details.get(slug);
  if (!problem || app.over || app.current !== slug || !problem.languages.includes(item.language)) return;
  const name = problem.language_names?.[item.language] || DISPLAY_NAMES[item.language] || item.language;
  const count = Object.keys(item.files).length;
  if (!window.confirm(`Replace your ${name} code for “${problem.title}” with the ${count === 1 ? "file" : `${count} files`} ` +
    "of this submission? Your current files of that language are replaced.")) return;
  const key = `${slug}/${item.language}`;
  for (const file of app.fileSets.get(key)?.files.keys() || []) editor.drop(slug, item.language, file);
  app.fileSets.delete(key);
  app.restoredFiles.set(key, item.files);
  openEditor(problem, item.language);
  saveFiles(key, app.fileSets.get(key));
  fileTree.say(`Your code is now that of the submission (${count === 1 ? "1 file" : `${count} files`}).`, "info");
  editor.focus();
}

// The problems whose code changed after its last submission (or was never submitted): the finish
// dialog names them. A draft counts when it is newer than the last submission and not the same code.
async function unsubmitted() {
  await drafts.flush();
  const [saved, submitted] = await Promise.all([get("/v1/me/drafts"), get("/v1/me/submissions?code=true")]);
  const lastOf = new Map();
  for (const item of submitted || []) lastOf.set(item.problem, item); // oldest first: the last one wins
  const names = [];
  for (const problem of app.me?.problems || []) {
    const last = lastOf.get(problem.slug);
    const changed = (saved || []).filter((draft) => draft.problem === problem.slug).some((draft) => {
      if (!last) return true;
      if (parseUtc(draft.updated_at) <= parseUtc(last.created_at)) return false;
      return draft.language !== last.language || JSON.stringify(draft.files) !== JSON.stringify(last.files);
    });
    if (changed) names.push(`${problem.title}${last ? "" : " (never submitted)"}`);
  }
  return names;
}

function tooLarge(what, error) {
  if (error.status !== 413) return null;
  return `${what}: your code or input is too large to send. ${error.message}`;
}

async function syncMe({ retry = true } = {}) {
  const sent = Date.now();
  const me = await request("GET", "/v1/me", { retry });
  timer.sync(me, sent, Date.now());
  app.me = me;
  renderProblemList(me.problems, app.current, select);
  if (me.state !== "started") await leave();
  return me;
}

async function leave() {
  app.over = true;
  editor?.lock();
  quiz?.lock();
  fileTree?.lock();
  setBusy(false);
  await drafts.flush();
  drafts.stop();
  location.reload();
}

async function detail(slug) {
  if (!app.details.has(slug)) app.details.set(slug, await get(`/v1/me/problems/${encodeURIComponent(slug)}`));
  return app.details.get(slug);
}

function sourceName(problem, language) {
  return problem.source_names?.[language] || SOURCE_NAMES[language] || "main";
}

// The files of (problem, language): the saved draft's, else the starter files (else one empty main file).
function fileSetOf(problem, language) {
  const key = `${problem.slug}/${language}`;
  if (!app.fileSets.has(key)) {
    const main = sourceName(problem, language);
    const starter = problem.templates?.[language] || {};
    const draft = app.restoredFiles.get(key);
    const files = draft && Object.keys(draft).length ? draft : Object.keys(starter).length ? starter : { [main]: "" };
    app.fileSets.set(key, new FileSet(files, {
      readOnly: problem.files?.read_only?.[language] || [], caps: problem.files || {}, main,
    }));
  }
  return app.fileSets.get(key);
}

// Show one file of the (problem, language) shown in the editor.
function openFile(problem, language, set) {
  const name = problem.language_names?.[language] || DISPLAY_NAMES[language] || language;
  const label = set.active === set.main ? name : `${name}, ${set.active}`; // the main file: just the language
  editor.open(problem.slug, language, set.files.get(set.active) ?? "", label, set.active, set.readOnly.has(set.active));
}

// Switch the editor to (problem, language) at once, so that what is typed next, and what Run and Submit
// send, is always in the language the picker shows; the grammar (a chunk of its own) adds the
// highlighting when it arrives.
function openEditor(problem, language) {
  app.languageOf.set(problem.slug, language);
  const set = fileSetOf(problem, language);
  fileTree.show(set);
  openFile(problem, language, set);
  fileTree.checkSize();
  $("language").value = language;
  loadLanguage(language).then((support) => editor.highlight(language, support));
}

// The code to send for what the editor shows: every file; null (and a message) when past the size cap.
function codeBody(slug, language, what) {
  const set = app.fileSets.get(`${slug}/${language}`);
  const over = set?.overSize();
  if (over) {
    report(slug, () => showMessage(`${what} not sent. ${over}`, "error"));
    status(`${what} not sent: your files are too large.`);
    return null;
  }
  return set ? set.body() : { source: editor.text() };
}

async function select(slug) {
  app.loading = slug;
  setBusy(app.busy);
  showTab("results");
  $("workspace").dataset.problem = "loading";
  let problem;
  try {
    problem = await detail(slug);
  } finally {
    if (app.loading === slug) app.loading = null;
  }
  if (app.loading !== null) return; // another problem was picked meanwhile: that one wins
  app.current = slug;
  renderProblemList(app.me.problems, slug, select);
  renderStatement(problem);
  if (problem.questions) {
    openQuiz(problem);
    return;
  }
  quiz.hide();
  $("workspace").dataset.kind = "code";
  const picker = $("language");
  const names = problem.language_names || {};
  picker.replaceChildren(...problem.languages.map((language) =>
    el("option", { value: language, text: names[language] || DISPLAY_NAMES[language] || language })));
  // this problem's own last language, else the one the candidate last chose anywhere, else the first allowed
  const choices = [app.languageOf.get(slug), preferredLanguage(), problem.languages[0]];
  const language = choices.find((choice) => choice && problem.languages.includes(choice));
  openEditor(problem, language);
  setBusy(app.busy);
  $("workspace").dataset.problem = slug;
  const last = app.results.get(slug);
  if (last) showResult(last);
  else {
    showMessage("Run your code on the samples, or submit it for grading.");
    restoreResult(slug).catch(() => {});
  }
}

// A quiz: its questions instead of the editor, with the answers last saved (or typed in this page).
function openQuiz(problem) {
  app.languageOf.set(problem.slug, ANSWERS);
  $("workspace").dataset.kind = "quiz";
  quiz.render(problem, app.restored.get(`${problem.slug}/${ANSWERS}`));
  if (app.over) quiz.lock();
  setBusy(app.busy);
  $("workspace").dataset.problem = problem.slug;
}

function quizChanged(slug, text) {
  app.restored.set(`${slug}/${ANSWERS}`, text);
  drafts.changed(`${slug}/${ANSWERS}`, text);
}

async function submitQuiz() {
  if (app.busy || app.over || !quiz.slug) return;
  const slug = quiz.slug;
  const body = { problem: slug, language: ANSWERS, files: { "answers.json": quiz.text() } };
  const key = uuid(); // one per click, as for code
  setBusy(true);
  quiz.busy(true);
  quiz.status("Submitting your answers…");
  drafts.flush();
  try {
    await request("POST", "/v1/me/submissions", { body, headers: { "Idempotency-Key": key } });
    const at = new Date().toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
    const message = `Answers submitted at ${at}. Their score shows in your report once the assessment ends.`;
    if (quiz.slug === slug) quiz.status(message, "ok");
    status(message);
  } catch (error) {
    const message = `Your answers were not submitted: ${error.message}`;
    if (quiz.slug === slug) quiz.status(message, "error");
    status(message);
    if (error.status === 409 || error.status === 403) syncMe().catch(() => location.reload());
  } finally {
    setBusy(false);
    quiz.busy(false);
  }
}

// Show a result (or progress) only while its problem is the one on screen; keep the last one per problem.
function report(slug, show, item) {
  if (item) app.results.set(slug, item);
  if (app.current === slug) show();
}

function handleError(slug, what, error) {
  app.results.delete(slug);
  if (error.status === 429) { // too many runs waiting (or too many a minute): the server says how long
    report(slug, () => showMessage(`${what} not started: ${error.message}`, "warning"));
    status(`${what} not started: ${error.message}`);
    return;
  }
  if (error.status === 409 || error.status === 403) {
    report(slug, () => showMessage(`${what}: ${error.message}`, "error"));
    syncMe().catch(() => location.reload());
    return;
  }
  const message = tooLarge(what, error) || `${what} failed: ${error.message}`;
  report(slug, () => showMessage(message, "error"));
  status(message);
}

async function poll(kind, slug, item, label) {
  while (item.status === "queued" || item.status === "running") {
    const current = item;
    report(slug, () => showPending(label, current));
    // while queued, ask again soon so the place in the queue stays current
    item = await get(`/v1/me/${kind}/${item.id}?wait=${current.status === "queued" ? 2 : 20}`);
  }
  return item;
}

async function run(custom) {
  if (app.busy || app.over || quiz.slug) return;
  const { slug, language } = editor.shown();
  const label = custom ? "Run with custom input" : "Run on samples";
  const code = codeBody(slug, language, label);
  if (!code) return;
  const body = { problem: slug, language, ...code };
  if (custom) body.stdin = $("stdin").value;
  setBusy(true);
  showTab("results");
  if (NARROW.matches) showPane("results");
  report(slug, () => showPending(label));
  status(`${label}: running…`);
  try {
    const item = await poll("runs", slug, await request("POST", "/v1/me/runs?wait=20", { body, retryLimited: false }), label);
    report(slug, () => showResult(item), item);
    status(`${label} finished: ${VERDICTS[item.verdict] || item.verdict || item.status}.`);
  } catch (error) {
    handleError(slug, label, error);
  } finally {
    setBusy(false);
  }
}

async function submit() {
  if (quiz.slug) return submitQuiz();
  if (app.busy || app.over) return;
  const { slug, language } = editor.shown();
  const code = codeBody(slug, language, "Submission");
  if (!code) return;
  const body = { problem: slug, language, ...code };
  const key = uuid(); // one per click; every retry of this click reuses it: never a duplicate submission
  setBusy(true);
  showTab("results");
  if (NARROW.matches) showPane("results");
  report(slug, () => showPending("Submission"));
  status("Submission sent, grading…");
  drafts.flush();
  try {
    const first = await request("POST", "/v1/me/submissions?wait=20", { body, headers: { "Idempotency-Key": key } });
    const item = await poll("submissions", slug, first, "Submission");
    report(slug, () => showResult(item), item);
    const points = item.points === null || item.points === undefined ? "" : `, ${item.points} of ${item.max_points} points`;
    status(`Submission graded: ${VERDICTS[item.verdict] || item.verdict || item.status}${points}.`);
    await syncMe().catch(() => {});
    refreshHistory(slug).catch(() => {});
  } catch (error) {
    handleError(slug, "Submission", error);
  } finally {
    setBusy(false);
  }
}

async function timeUp() {
  app.over = true;
  editor.lock();
  quiz.lock();
  fileTree.lock();
  setBusy(false);
  announce("Time is up. The assessment has finished.");
  showMessage("Time is up: the assessment has finished. Saving and opening your summary…", "warning");
  await drafts.flush();
  drafts.stop();
  // The server is the judge of the deadline: reload once it agrees the assessment is over (or, if the
  // company granted more time meanwhile, into the workspace again with the drafts just saved).
  for (;;) {
    try {
      const me = await request("GET", "/v1/me", { retry: false });
      if (me.state !== "started" || (me.seconds_left ?? 0) > 5) break; // over, or time was added: reload
    } catch {
      // offline: keep asking
    }
    await new Promise((resolve) => setTimeout(resolve, 1000));
  }
  location.reload();
}

// The recording's name of a document: the language for its main file, "language:file" for another file
// (each file is its own document in the playback).
function recorded(slug, language, file) {
  const problem = app.details.get(slug);
  return !file || (problem && file === sourceName(problem, language)) ? language : `${language}:${file}`;
}

// A file's text changed in the editor: into its file set, then the draft of all its files.
function edited(key, text) {
  const [slug, language, ...file] = key.split("/");
  const set = app.fileSets.get(`${slug}/${language}`);
  if (!set) return;
  set.set(file.join("/"), text);
  saveFiles(`${slug}/${language}`, set);
  fileTree.checkSize();
}

function saveFiles(key, set) {
  if (set.overSize()) return; // the server would refuse it: kept here, said beside the files
  drafts.changed(key, set.body());
}

function restoreDrafts(saved) {
  const latest = new Map(); // slug -> {language, updatedAt}
  for (const [key, draft] of saved) {
    app.restored.set(key, draft.source);
    app.restoredFiles.set(key, draft.files);
    const best = latest.get(draft.problem);
    if (!best || draft.updatedAt > best.updatedAt) latest.set(draft.problem, draft);
  }
  for (const [slug, draft] of latest) app.languageOf.set(slug, draft.language);
  const newest = [...latest.values()].sort((a, b) => b.updatedAt - a.updatedAt)[0];
  return newest?.problem;
}

// The integrity recording, as the assessment's setting says (the landing page told the candidate what).
function startRecording(me) {
  recorder = new Recorder(me.integrity_signals || "off", () => {
    const texts = [editor.otherTexts()];
    for (const problem of app.details.values()) {
      texts.push(problem.statement || "");
      for (const sample of problem.samples || []) texts.push(sample.input, sample.output);
    }
    return texts.join("\n");
  });
  if (!recorder.on) return;
  recorder.install(() => (editor.view.hasFocus ? editor.selectedText() : window.getSelection()?.toString()));
  drafts.alongside = (options) => recorder.flush(options);
  $("workspace").dataset.recording = recorder.mode;
}

async function boot() {
  installBanner($("net-banner"));
  editor = new CodeEditor($("editor"), (key, text) => edited(key, text), {
    opened: (slug, language, text, file) => recorder.opened(slug, recorded(slug, language, file), text),
    shown: (slug) => { recorder.slug = slug; },
    update: (slug, language, update, file) => recorder.update(slug, recorded(slug, language, file), update),
  });
  editor.view.contentDOM.addEventListener("blur", () => drafts.flush());
  quiz = new Quiz($("quiz"), { onChange: quizChanged, onSubmit: () => submitQuiz() });
  // the file tree works on the files of the problem and language shown (not on the editor's document,
  // which a deleted file has just left)
  const shownSet = () => ({ slug: app.current, language: app.languageOf.get(app.current) });
  fileTree = new FileTree({
    open: () => {
      const { slug, language } = shownSet();
      const problem = app.details.get(slug);
      const set = app.fileSets.get(`${slug}/${language}`);
      if (problem && set) openFile(problem, language, set);
    },
    renamed: (from, to) => {
      const { slug, language } = shownSet();
      editor.rename(slug, language, from, to);
    },
    removed: (name) => {
      const { slug, language } = shownSet();
      editor.drop(slug, language, name);
    },
    focus: () => editor.focus(),
    changed: () => {
      const { slug, language } = shownSet();
      const set = app.fileSets.get(`${slug}/${language}`);
      if (set) saveFiles(`${slug}/${language}`, set);
    },
  });

  installAutosave(drafts);
  installFinish(() => drafts.flush(), unsubmitted, () => app.me?.ai_assistance === "allowed");
  for (const button of $("pane-tabs").querySelectorAll("button")) {
    button.addEventListener("click", () => showPane(button.dataset.pane));
  }
  $("results-tab").addEventListener("click", () => showTab("results"));
  $("history-tab").addEventListener("click", () => showTab("history"));
  $("reset-code").addEventListener("click", () => {
    const problem = app.details.get(app.current);
    if (!problem || app.over) return;
    const { language, file } = editor.shown();
    const starter = starterText(problem, language, file);
    if (app.fileSets.get(`${problem.slug}/${language}`)?.readOnly.has(file)) {
      fileTree.say(`${file} is read-only: it is always the problem's own.`);
      return;
    }
    if (starter === undefined) {
      fileTree.say(`${file} is a file you added: it has no starter code to go back to.`);
      return;
    }
    if (!window.confirm(`Replace ${file} of “${problem.title}” with its starter code? (Ctrl+Z in the editor brings it back.)`)) return;
    editor.replace(starter);
    editor.focus();
  });
  if (/Mac|iPhone|iPad/.test(navigator.platform)) {
    for (const key of document.querySelectorAll("kbd[data-mod]")) key.textContent = "⌘";
  }
  // Ctrl/Cmd+Enter runs on the samples, Ctrl/Cmd+Shift+Enter submits, wherever the focus is (in the
  // capture phase: before the editor's own Mod-Enter, which would insert a line).
  document.addEventListener("keydown", (event) => {
    if (event.key !== "Enter" || !(event.ctrlKey || event.metaKey) || event.altKey) return;
    if (document.querySelector("dialog[open]")) return;
    event.preventDefault();
    event.stopPropagation();
    if (event.shiftKey) submit();
    else run(false);
  }, true);
  $("run").addEventListener("click", () => run(false));
  $("run-custom").addEventListener("click", () => {
    const custom = $("custom");
    if (!custom.open) { // first show where the input goes
      custom.open = true;
      $("stdin").focus();
      return;
    }
    run(true);
  });
  $("submit").addEventListener("click", () => submit());
  $("language").addEventListener("change", (event) => {
    const problem = app.details.get(app.current);
    if (!problem) return;
    rememberLanguage(event.target.value);
    openEditor(problem, event.target.value);
  });
  drafts.render();
  const me = await syncMe();
  if (me.state !== "started") return;
  startRecording(me);
  const newest = restoreDrafts(await drafts.load(SOURCE_NAMES));
  const first = me.problems.some((p) => p.slug === newest) ? newest : me.problems[0]?.slug;
  if (first) await select(first);
  setInterval(() => syncMe({ retry: false }).catch(() => {}), 60000);
  document.addEventListener("visibilitychange", () => { // back from sleep or another tab: re-sync the clock
    if (document.visibilityState === "visible") syncMe({ retry: false }).catch(() => {});
  });
  $("workspace").dataset.state = "ready";
}

boot().catch((error) => {
  $("workspace").dataset.state = "error";
  $("problem-title").textContent = "The workspace could not load";
  $("statement").replaceChildren(el("p", { class: "error", text: `${error.message}. Reload the page to try again.` }));
});

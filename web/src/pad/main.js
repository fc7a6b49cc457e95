// The interview pad (issue 24): one CodeMirror 6 editor shared by the candidate and the interviewers
// through @codemirror/collab, the server as the authority (api/interviews/pad.py). Local edits are
// pushed against the version this editor has synced to; the server accepts them on its current version,
// stores them, and sends them to everyone (our own come back as the acknowledgement). After a dropped
// connection the page reconnects, says which version it has, receives what it missed and pushes what
// was not acknowledged: no edit is lost.

import { collab, getClientID, getSyncedVersion, receiveUpdates, sendableUpdates } from "@codemirror/collab";
import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, indentWithTab } from "@codemirror/commands";
import { bracketMatching, indentOnInput, indentUnit, syntaxHighlighting } from "@codemirror/language";
import { ChangeSet, Compartment, EditorState } from "@codemirror/state";
import { EditorView, drawSelection, highlightActiveLine, keymap, lineNumbers } from "@codemirror/view";

import { highlightStyle } from "../highlight.js";
import { loadLanguage } from "../languages.js";
import { remoteCarets, setCarets } from "./carets.js";
import { renderOutput } from "./output.js";

const NONCE = document.querySelector("script[nonce]")?.nonce || "";
const root = document.getElementById("pad");
const status = document.getElementById("pad-status");
const errorBox = document.getElementById("pad-error");
const languageSelect = document.getElementById("pad-language");
const people = document.getElementById("pad-people");
const notes = document.getElementById("pad-notes");
const notesState = document.getElementById("pad-notes-state");
const runButtons = [document.getElementById("pad-run"), document.getElementById("pad-run-custom")];

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "14px", backgroundColor: "#ffffff", color: "#1d2430" },
  ".cm-scroller": { fontFamily: "\"DejaVu Sans Mono\", ui-monospace, Menlo, Consolas, monospace", lineHeight: "1.5" },
  ".cm-gutters": { backgroundColor: "#f5f7fa", color: "#5f6b7a", borderRight: "1px solid #d9dee5" },
  ".cm-activeLine": { backgroundColor: "#f3f7fd" },
  "&.cm-focused": { outline: "3px solid #1f5fbf", outlineOffset: "-1px" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "#cfe0f7" },
});

let socket = null;
let view = null;
let pushing = false;
let fatal = false;
let retryDelay = 500;
let myId = null;
const grammar = new Compartment();

function send(message) {
  if (socket && socket.readyState === WebSocket.OPEN) socket.send(JSON.stringify(message));
}

function showError(message) {
  errorBox.textContent = message;
  errorBox.hidden = !message;
}

function setStatus() {
  if (fatal) return;
  const open = socket && socket.readyState === WebSocket.OPEN;
  const pending = view ? sendableUpdates(view.state).length : 0;
  const state = !open ? "offline" : pending || pushing ? "saving" : "synced";
  status.dataset.state = state;
  status.textContent = { offline: "Reconnecting…", saving: "Saving…", synced: "All changes saved" }[state];
}

function push() {
  setStatus();
  if (!view || pushing || !socket || socket.readyState !== WebSocket.OPEN) return;
  const updates = sendableUpdates(view.state);
  if (!updates.length) return;
  pushing = true;
  send({ type: "push", version: getSyncedVersion(view.state),
    updates: updates.map((u) => ({ clientID: u.clientID, changes: u.changes.toJSON() })) });
  setStatus();
}

function createEditor(doc, version, language, readonly) {
  const clientID = view ? getClientID(view.state) : undefined;
  const state = EditorState.create({
    doc,
    extensions: [
      lineNumbers(), drawSelection(), highlightActiveLine(), indentOnInput(), bracketMatching(), closeBrackets(),
      EditorView.cspNonce.of(NONCE), syntaxHighlighting(highlightStyle), theme,
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, indentWithTab]),
      indentUnit.of(language === "go" ? "\t" : "    "), EditorState.tabSize.of(4), grammar.of([]),
      EditorView.contentAttributes.of({ "aria-label": "Shared code editor" }),
      collab({ startVersion: version, clientID }), remoteCarets,
      EditorState.readOnly.of(Boolean(readonly)), EditorView.editable.of(!readonly),
      EditorView.updateListener.of((update) => {
        if (update.docChanged) queueMicrotask(push);
        if (update.selectionSet || update.docChanged) {
          const { anchor, head } = update.state.selection.main;
          send({ type: "presence", anchor, head });
        }
      }),
    ],
  });
  if (view) view.setState(state);
  else view = new EditorView({ state, parent: document.getElementById("pad-editor") });
  setLanguage(language);
}

function setLanguage(language) {
  languageSelect.value = language;
  loadLanguage(language).then((support) => view?.dispatch({ effects: grammar.reconfigure(support) }));
}

function receive(data) {
  switch (data.type) {
    case "doc":
      pushing = false;
      createEditor(data.doc, data.version, data.language, data.readonly);
      root.dataset.readonly = data.readonly ? "yes" : "no";
      if (notes && typeof data.notes === "string") notes.value = data.notes;
      root.dataset.ready = "yes";
      break;
    case "updates":
      if (!view) break;
      view.dispatch(receiveUpdates(view.state, data.updates.map((u) => ({
        clientID: u.clientID, changes: ChangeSet.fromJSON(u.changes) }))));
      push();
      break;
    case "pushed":
      pushing = false;
      if (data.rejected) send({ type: "hello", version: null }); // start again from the pad's text
      else push();
      break;
    case "participants":
      myId = data.you;
      people.textContent = `In the pad: ${data.people.map((p) => `${p.name}${p.id === myId ? " (you)" : ""}`).join(", ")}`;
      view?.dispatch({ effects: setCarets.of({ keep: data.people.map((p) => p.id) }) });
      break;
    case "presence":
      view?.dispatch({ effects: setCarets.of({ caret: data }) });
      break;
    case "language":
      setLanguage(data.language);
      break;
    case "run":
      runButtons.forEach((b) => { b.disabled = true; });
      document.getElementById("pad-output").innerHTML = "";
      document.getElementById("pad-output").append(Object.assign(document.createElement("p"),
        { className: "meta", textContent: `${data.by} runs the code…` }));
      break;
    case "output":
      runButtons.forEach((b) => { b.disabled = false; });
      renderOutput(document.getElementById("pad-output"), data);
      break;
    case "notes":
      if (notes && document.activeElement !== notes) notes.value = data.text;
      if (notesState) notesState.textContent = `Updated by ${data.by}`;
      break;
    case "error":
      showError(data.message);
      if (data.fatal) {
        fatal = true;
        status.dataset.state = "closed";
        status.textContent = "Closed";
      }
      break;
    default:
      break;
  }
  setStatus();
}

function connect() {
  const scheme = location.protocol === "https:" ? "wss:" : "ws:";
  socket = new WebSocket(`${scheme}//${location.host}${root.dataset.socket}`);
  socket.addEventListener("open", () => {
    retryDelay = 500;
    pushing = false;
    send({ type: "hello", version: view ? getSyncedVersion(view.state) : null });
    setStatus();
  });
  socket.addEventListener("message", (event) => {
    let data;
    try { data = JSON.parse(event.data); } catch { return; }
    receive(data);
  });
  socket.addEventListener("close", () => {
    pushing = false;
    setStatus();
    if (fatal) return;
    setTimeout(connect, retryDelay);
    retryDelay = Math.min(retryDelay * 2, 5000);
  });
}

runButtons[0].addEventListener("click", () => { showError(""); send({ type: "run", stdin: null }); });
runButtons[1].addEventListener("click", () => {
  showError("");
  send({ type: "run", stdin: document.getElementById("pad-stdin").value });
});
languageSelect.addEventListener("change", () => send({ type: "language", language: languageSelect.value }));
if (notes) {
  let timer = null;
  notes.addEventListener("input", () => {
    clearTimeout(timer);
    notesState.textContent = "Saving…";
    timer = setTimeout(() => { send({ type: "notes", text: notes.value }); notesState.textContent = "Saved"; }, 400);
  });
}
window.addEventListener("online", () => { if (socket?.readyState === WebSocket.CLOSED && !fatal) connect(); });
connect();

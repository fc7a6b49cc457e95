// The candidate's files of one (problem, language): starter files from the package, the ones the problem
// marks read-only, and the candidate's own; a file tree with tabs above the editor to switch, add, rename
// and delete them, within the problem's caps (how many files, how many KiB together). Runs, submissions
// and drafts send them all (`body()`); a refused change says why beside the tree and changes nothing.

import { $, el } from "./dom.js";

const NAME_RE = /^(?!-)(?!.*\/-)[A-Za-z0-9._\-/]+$/;
const encoder = new TextEncoder();

// Why `name` cannot be a file name ("" when it can): what the server's sandbox accepts, said plainly.
export function badName(name) {
  if (!name) return "Give the file a name, for example util.py.";
  if (name.length > 200) return "A file name has at most 200 characters.";
  const parts = name.split("/");
  if (name.startsWith("/") || parts.some((part) => part === "" || part === "." || part === ".."))
    return "Use a plain relative path such as util.py or lib/util.py (no leading /, no . or .. folders).";
  if (!NAME_RE.test(name)) return "Use letters, digits, '.', '-', '_' and '/' only (no name starts with '-').";
  return "";
}

export class FileSet {
  // files: name -> text; readOnly: names the candidate cannot change; caps: {max_files, max_kib}
  constructor(files, { readOnly = [], caps = {}, main = "" } = {}) {
    this.files = new Map(Object.entries(files));
    this.readOnly = new Set(readOnly);
    this.maxFiles = caps.max_files || 64;
    this.maxBytes = (caps.max_kib || 256) * 1024;
    this.main = main; // the language's main file, when there is one: shown first
    this.active = this.files.has(main) ? main : this.names()[0];
  }

  names() {
    const names = [...this.files.keys()].sort();
    return this.files.has(this.main) ? [this.main, ...names.filter((name) => name !== this.main)] : names;
  }

  bytes() {
    let total = 0;
    for (const text of this.files.values()) total += encoder.encode(text).length;
    return total;
  }

  // What the server takes: the one source as `source` when that is all there is, else every file.
  body() {
    const names = [...this.files.keys()];
    if (names.length === 1 && names[0] === this.main) return { source: this.files.get(this.main) };
    return { files: Object.fromEntries(this.files) };
  }

  set(name, text) {
    this.files.set(name, text);
  }

  // Each returns "" when done, else why not (and changes nothing).
  add(name) {
    const bad = badName(name);
    if (bad) return bad;
    if (this.files.has(name)) return `There is already a file ${name}.`;
    if (this.files.size >= this.maxFiles) return `This problem accepts at most ${this.maxFiles} files: delete one first.`;
    this.files.set(name, "");
    this.active = name;
    return "";
  }

  rename(from, to) {
    if (this.readOnly.has(from)) return `${from} is read-only: it cannot be renamed.`;
    if (from === to) return "";
    const bad = badName(to);
    if (bad) return bad;
    if (this.files.has(to)) return `There is already a file ${to}.`;
    const text = this.files.get(from);
    const order = [...this.files.entries()].map(([name, value]) => (name === from ? [to, text] : [name, value]));
    this.files = new Map(order);
    if (this.active === from) this.active = to;
    if (this.main === from) this.main = to;
    return "";
  }

  remove(name) {
    if (this.readOnly.has(name)) return `${name} is read-only: it cannot be deleted.`;
    if (this.files.size <= 1) return "Your code needs at least one file.";
    this.files.delete(name);
    if (this.active === name) this.active = this.names()[0];
    return "";
  }

  // A message when the files together are past the size cap (the server would refuse them), else "".
  overSize() {
    const total = this.bytes();
    if (total <= this.maxBytes) return "";
    return `Your files are ${Math.ceil(total / 1024)} KiB together; at most ${this.maxBytes / 1024} KiB are ` +
      "accepted. Nothing is lost, but they are not saved, run or submitted until they are smaller.";
  }
}

// The tree above the editor. hooks: open(name) shows a file, changed() after add/rename/delete,
// renamed(from, to) and removed(name) so the editor can move or drop its document, focus() the editor.
export class FileTree {
  constructor(hooks) {
    this.hooks = hooks;
    this.set = null;
    this.locked = false;
    this.mode = null; // "add" | "rename" while the name form is open
    $("file-add").addEventListener("click", () => this.openForm("add"));
    $("file-rename").addEventListener("click", () => this.openForm("rename"));
    $("file-delete").addEventListener("click", () => this.remove());
    $("file-form").addEventListener("submit", (event) => {
      event.preventDefault();
      this.submitForm();
    });
    $("file-cancel").addEventListener("click", () => this.closeForm());
    $("file-name").addEventListener("keydown", (event) => {
      if (event.key === "Escape") this.closeForm();
    });
  }

  show(set) {
    this.set = set;
    this.closeForm();
    this.say("");
    this.render();
  }

  lock() {
    this.locked = true;
    this.render();
  }

  say(text, kind = "error") {
    const box = $("file-message");
    box.textContent = text;
    box.dataset.kind = text ? kind : "";
    box.hidden = !text;
  }

  // The size message, when the files are past the cap (kept until they are smaller again).
  checkSize() {
    if (!this.set) return;
    const over = this.set.overSize();
    if (over) this.say(over);
    else if ($("file-message").dataset.size === "1" || $("file-message").textContent.startsWith("Your files are")) this.say("");
    $("file-message").dataset.size = over ? "1" : "";
  }

  render() {
    const set = this.set;
    const list = $("file-tabs");
    if (!set) {
      list.replaceChildren();
      return;
    }
    const names = set.names();
    const tabs = names.map((name) => {
      const selected = name === set.active;
      const readOnly = set.readOnly.has(name);
      const slash = name.lastIndexOf("/");
      return el("button", {
        type: "button", role: "tab", class: "file-tab", "data-file": name, "aria-selected": String(selected),
        tabindex: selected ? "0" : "-1", title: readOnly ? `${name} (read-only)` : name,
        onclick: () => this.open(name),
        onkeydown: (event) => this.arrows(event, names, name),
      }, slash >= 0 ? el("span", { class: "file-dir", text: name.slice(0, slash + 1) }) : null,
      name.slice(slash + 1), readOnly ? el("span", { class: "file-lock", text: " (read-only)" }) : null);
    });
    list.replaceChildren(...tabs);
    const activeReadOnly = set.readOnly.has(set.active);
    $("file-add").disabled = this.locked;
    $("file-rename").disabled = this.locked || activeReadOnly;
    $("file-delete").disabled = this.locked || activeReadOnly || names.length <= 1;
    $("file-count").textContent = `${names.length} of at most ${set.maxFiles} files`;
    $("filename").textContent = set.active;
  }

  arrows(event, names, name) {
    const step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (!step) return;
    event.preventDefault();
    const next = names[(names.indexOf(name) + step + names.length) % names.length];
    this.open(next);
    $("file-tabs").querySelector(`[data-file="${CSS.escape(next)}"]`)?.focus();
  }

  open(name) {
    if (!this.set || !this.set.files.has(name)) return;
    this.set.active = name;
    this.render();
    this.hooks.open(name);
  }

  openForm(mode) {
    if (this.locked || !this.set) return;
    this.mode = mode;
    const input = $("file-name");
    $("file-form-label").textContent = mode === "add" ? "New file name" : `New name for ${this.set.active}`;
    $("file-ok").textContent = mode === "add" ? "Add" : "Rename";
    input.value = mode === "rename" ? this.set.active : "";
    $("file-form").hidden = false;
    this.say("");
    input.focus();
  }

  closeForm() {
    this.mode = null;
    $("file-form").hidden = true;
  }

  submitForm() {
    const set = this.set;
    if (!set || !this.mode) return;
    const name = $("file-name").value.trim();
    const from = set.active;
    const problem = this.mode === "add" ? set.add(name) : set.rename(from, name);
    if (problem) { // the form stays open with what was typed
      this.say(problem);
      $("file-name").focus();
      return;
    }
    const mode = this.mode;
    this.closeForm();
    if (mode === "rename" && from !== name) this.hooks.renamed(from, name);
    this.say(mode === "add" ? `Added ${name}.` : `Renamed ${from} to ${name}.`, "info");
    this.render();
    this.hooks.open(set.active);
    this.hooks.changed();
    this.hooks.focus(); // on to the new (or renamed) file's text
  }

  remove() {
    const set = this.set;
    if (!set || this.locked) return;
    const name = set.active;
    if (!window.confirm(`Delete ${name}? Its text goes with it (Undo does not bring a deleted file back).`)) return;
    const problem = set.remove(name);
    if (problem) {
      this.say(problem);
      return;
    }
    this.hooks.removed(name);
    this.say(`Deleted ${name}.`, "info");
    this.render();
    this.hooks.open(set.active);
    this.hooks.changed();
  }
}

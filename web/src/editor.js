// The code editor: one CodeMirror view, one editor state per (problem, language, file) so that switching
// keeps each one's text, cursor and undo history. A read-only file's state cannot be edited.

import { closeBrackets, closeBracketsKeymap } from "@codemirror/autocomplete";
import { defaultKeymap, history, historyKeymap, indentWithTab } from "@codemirror/commands";
import {
  bracketMatching, foldGutter, foldKeymap, indentOnInput, indentUnit, syntaxHighlighting,
} from "@codemirror/language";
import { highlightSelectionMatches, searchKeymap } from "@codemirror/search";
import { Compartment, EditorState } from "@codemirror/state";
import {
  EditorView, crosshairCursor, drawSelection, dropCursor, highlightActiveLine, highlightActiveLineGutter,
  highlightSpecialChars, keymap, lineNumbers, rectangularSelection,
} from "@codemirror/view";

import { highlightStyle } from "./highlight.js";
import { DISPLAY_NAMES } from "./languages.js";

const theme = EditorView.theme({
  "&": { height: "100%", fontSize: "14px", backgroundColor: "#ffffff", color: "#1d2430" },
  ".cm-scroller": { fontFamily: "\"DejaVu Sans Mono\", ui-monospace, Menlo, Consolas, monospace", lineHeight: "1.5" },
  ".cm-content": { caretColor: "#1d2430" },
  ".cm-gutters": { backgroundColor: "#f5f7fa", color: "#5f6b7a", borderRight: "1px solid #d9dee5" },
  ".cm-activeLine": { backgroundColor: "#f3f7fd" },
  ".cm-activeLineGutter": { backgroundColor: "#e7eef9", color: "#1d2430" },
  "&.cm-focused": { outline: "3px solid #1f5fbf", outlineOffset: "-1px" },
  ".cm-matchingBracket": { backgroundColor: "#d7e6fb", outline: "1px solid #1f5fbf" },
  "&.cm-focused .cm-selectionBackground, .cm-selectionBackground, ::selection": { backgroundColor: "#cfe0f7" },
});

// The page's CSP allows CodeMirror's injected <style> element only with the nonce the server put on
// our <script> tag (the nonce attribute reads empty; the property keeps it).
const NONCE = document.querySelector("script[nonce]")?.nonce || "";

const INDENT = { python3: "    ", java: "    ", c: "    ", cpp: "    ", javascript: "  ", go: "\t" };

export class CodeEditor {
  // hooks (the integrity recording): opened(slug, language, text, file) when a document starts, shown(slug)
  // when one is shown again, update(slug, language, viewUpdate, file) on every change of the text
  constructor(parent, onChange, hooks = {}) {
    this.onChange = onChange;
    this.hooks = hooks;
    this.states = new Map(); // "slug/language/file" -> EditorState
    this.supports = new Map(); // language -> its CodeMirror grammar, once loaded
    this.key = null;
    this.language = new Compartment();
    this.readOnly = new Compartment();
    this.label = new Compartment();
    this.view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: this.extensions("", []) }) });
  }

  extensions(language, support, name = DISPLAY_NAMES[language] || language, readOnly = false) {
    return [
      lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), foldGutter(), drawSelection(),
      dropCursor(), EditorState.allowMultipleSelections.of(true), indentOnInput(),
      EditorView.cspNonce.of(NONCE), syntaxHighlighting(highlightStyle), bracketMatching(), closeBrackets(), rectangularSelection(),
      crosshairCursor(), highlightActiveLine(), highlightSelectionMatches(), theme,
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap,
        indentWithTab]),
      indentUnit.of(INDENT[language] || "    "), EditorState.tabSize.of(4),
      this.language.of(support),
      this.readOnly.of([EditorState.readOnly.of(readOnly), EditorView.editable.of(!readOnly)]),
      this.label.of(EditorView.contentAttributes.of({
        "aria-label": `Code editor${name ? `, ${name}` : ""}${readOnly ? ", read-only" : ""}`,
      })),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && this.key) {
          const [slug, lang, ...file] = this.key.split("/");
          this.hooks.update?.(slug, lang, update, file.join("/"));
          this.onChange(this.key, update.state.doc.toString());
        }
      }),
    ];
  }

  // Show the (slug, language) document at once; `initial` is its text the first time it is opened,
  // `name` the language's display name. The highlighting comes with the grammar: at once if it is
  // loaded, otherwise when highlight() brings it. Until then the document is plain text, but it is
  // the right document: what is typed goes into it, and shown() names its language.
  // `file` names the document among the problem's files (one per file); `readOnly` files cannot change.
  open(slug, language, initial, name, file = "", readOnly = false) {
    if (this.key) this.states.set(this.key, this.view.state);
    const key = `${slug}/${language}/${file}`;
    let state = this.states.get(key);
    if (!state) {
      const support = this.supports.get(language) || [];
      state = EditorState.create({ doc: initial, extensions: this.extensions(language, support, name, readOnly) });
      this.hooks.opened?.(slug, language, initial, file);
    } else {
      this.hooks.shown?.(slug);
    }
    this.key = null; // no change events while swapping
    this.view.setState(state);
    this.key = key;
    this.states.set(key, this.view.state);
    if (this.locked) this.lock();
  }

  // The grammar of `language` has arrived: highlight every document in it (the one shown, and those
  // kept for later) that does not have it yet.
  highlight(language, support) {
    if (this.supports.get(language) === support) return;
    this.supports.set(language, support);
    for (const [key, state] of this.states) {
      if (key.split("/")[1] !== language) continue;
      const effects = this.language.reconfigure(support);
      if (key === this.key) this.view.dispatch({ effects });
      else this.states.set(key, state.update({ effects }).state);
    }
  }

  text() {
    return this.view.state.doc.toString();
  }

  // The text of the documents kept but not shown, for telling a paste of the candidate's own code.
  otherTexts() {
    const texts = [];
    for (const [key, state] of this.states) if (key !== this.key) texts.push(state.doc.toString());
    return texts.join("\n");
  }

  // The text selected in the editor (what a copy or cut there takes).
  selectedText() {
    const { state } = this.view;
    return state.selection.ranges.map((range) => state.sliceDoc(range.from, range.to)).join("\n");
  }

  // Replace the shown text (one undoable change: Ctrl/Cmd+Z brings the old text back).
  replace(text) {
    if (this.locked) return;
    this.view.dispatch({ changes: { from: 0, to: this.view.state.doc.length, insert: text } });
  }

  // The problem, language and file whose text is shown (and typed into) now.
  shown() {
    const [slug, language, ...file] = (this.key || "//").split("/");
    return { slug, language, file: file.join("/") };
  }

  // A file renamed or deleted: its document moves with it, or goes.
  rename(slug, language, from, to) {
    const old = `${slug}/${language}/${from}`;
    if (this.key === old) this.states.set(old, this.view.state);
    const state = this.states.get(old);
    this.states.delete(old);
    if (state) this.states.set(`${slug}/${language}/${to}`, state);
    if (this.key === old) this.key = `${slug}/${language}/${to}`;
  }

  drop(slug, language, file) {
    const key = `${slug}/${language}/${file}`;
    this.states.delete(key);
    if (this.key === key) this.key = null; // gone: the next open() must not keep it (a new file of that name starts empty)
  }

  lock() {
    this.locked = true;
    this.view.dispatch({ effects: this.readOnly.reconfigure([EditorState.readOnly.of(true), EditorView.editable.of(false)]) });
  }

  focus() {
    this.view.focus();
  }
}

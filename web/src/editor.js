// The code editor: one CodeMirror view, one editor state per (problem, language) so that switching
// keeps each one's text, cursor and undo history.

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
  constructor(parent, onChange) {
    this.onChange = onChange;
    this.states = new Map(); // "slug/language" -> EditorState
    this.key = null;
    this.language = new Compartment();
    this.readOnly = new Compartment();
    this.label = new Compartment();
    this.view = new EditorView({ parent, state: EditorState.create({ doc: "", extensions: this.extensions("", []) }) });
  }

  extensions(language, support, name = DISPLAY_NAMES[language] || language) {
    return [
      lineNumbers(), highlightActiveLineGutter(), highlightSpecialChars(), history(), foldGutter(), drawSelection(),
      dropCursor(), EditorState.allowMultipleSelections.of(true), indentOnInput(),
      EditorView.cspNonce.of(NONCE), syntaxHighlighting(highlightStyle), bracketMatching(), closeBrackets(), rectangularSelection(),
      crosshairCursor(), highlightActiveLine(), highlightSelectionMatches(), theme,
      keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...searchKeymap, ...historyKeymap, ...foldKeymap,
        indentWithTab]),
      indentUnit.of(INDENT[language] || "    "), EditorState.tabSize.of(4),
      this.language.of(support),
      this.readOnly.of([EditorState.readOnly.of(false), EditorView.editable.of(true)]),
      this.label.of(EditorView.contentAttributes.of({
        "aria-label": `Code editor${name ? `, ${name}` : ""}`,
      })),
      EditorView.updateListener.of((update) => {
        if (update.docChanged && this.key) this.onChange(this.key, update.state.doc.toString());
      }),
    ];
  }

  // Show the (slug, language) document; `initial` is its text the first time it is opened, `support`
  // the language's CodeMirror extension (languages.js), `name` its display name.
  open(slug, language, initial, support, name) {
    if (this.key) this.states.set(this.key, this.view.state);
    const key = `${slug}/${language}`;
    let state = this.states.get(key);
    if (!state) {
      state = EditorState.create({ doc: initial, extensions: this.extensions(language, support, name) });
      this.states.set(key, state);
    }
    this.key = null; // no change events while swapping
    this.view.setState(state);
    this.key = key;
    if (this.locked) this.lock();
  }

  text() {
    return this.view.state.doc.toString();
  }

  // The problem and language whose text is shown now (a switch waits for its grammar to load).
  shown() {
    const [slug, language] = (this.key || "/").split("/");
    return { slug, language };
  }

  lock() {
    this.locked = true;
    this.view.dispatch({ effects: this.readOnly.reconfigure([EditorState.readOnly.of(true), EditorView.editable.of(false)]) });
  }

  focus() {
    this.view.focus();
  }
}

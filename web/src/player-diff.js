// The diff between two moments of the playback (web/src/player.js), with @codemirror/merge: side by side
// (MergeView) or unified (unifiedMergeView), read-only, syntax-highlighted, long unchanged stretches
// collapsed. Its own chunk of the bundle, loaded on the first "…to here": the rest of the player needs
// no EditorView.
//
// Mounted in a shadow root: there CodeMirror puts its styles in adopted style sheets, which the reports'
// Content-Security-Policy (style-src 'self', no nonce) allows; in the document itself it would inject a
// <style> element, which that policy refuses.

import { getChunks, getOriginalDoc, MergeView, unifiedMergeView } from "@codemirror/merge";
import { syntaxHighlighting } from "@codemirror/language";
import { EditorState } from "@codemirror/state";
import { EditorView, lineNumbers } from "@codemirror/view";

import { highlightStyle } from "./highlight.js";

const COLLAPSE = { margin: 3, minSize: 6 };

const theme = EditorView.theme({
  "&": { fontSize: "13px", backgroundColor: "#fbfcfd", color: "#1d2430" },
  ".cm-scroller": { fontFamily: "\"DejaVu Sans Mono\", ui-monospace, Menlo, Consolas, monospace", lineHeight: "1.5" },
  ".cm-gutters": { backgroundColor: "#f5f7fa", color: "#5f6b7a", borderRight: "1px solid #d9dee5" },
  "&.cm-focused": { outline: "2px solid #1f5fbf", outlineOffset: "-1px" },
});

// The number of lines of doc in [from, to) (a chunk's end points past its last line break).
function lines(doc, from, to) {
  if (to <= from) return 0;
  return doc.lineAt(Math.min(to - 1, doc.length)).number - doc.lineAt(from).number + 1;
}

function counts(chunks, a, b) {
  let added = 0;
  let removed = 0;
  for (const chunk of chunks) {
    removed += lines(a, chunk.fromA, chunk.toA);
    added += lines(b, chunk.fromB, chunk.toB);
  }
  return { added, removed, chunks: chunks.length };
}

const readOnly = (label, language) => [
  EditorState.readOnly.of(true), EditorState.tabSize.of(4), lineNumbers(), syntaxHighlighting(highlightStyle), theme,
  language, EditorView.contentAttributes.of({ "aria-label": label }),
];

// Shows the diff of before -> after (strings) in host (an element; its shadow root is made once) and
// returns {added, removed, chunks, destroy}: the lines added and removed, the changed chunks. labels:
// [before, after], the names of the two moments; language: a CodeMirror language extension (or []).
export function showMerge(host, before, after, { unified = false, language = [], labels = ["Before", "After"] } = {}) {
  const root = host.shadowRoot || host.attachShadow({ mode: "open" });
  root.replaceChildren();
  const parent = document.createElement("div");
  parent.className = unified ? "merge-unified" : "merge-split";
  root.append(parent);
  if (unified) {
    const view = new EditorView({
      parent, root,
      doc: after,
      extensions: [readOnly(`Changes from ${labels[0]} to ${labels[1]}`, language), unifiedMergeView({
        original: before, mergeControls: false, highlightChanges: true, gutter: true, syntaxHighlightDeletions: true,
        collapseUnchanged: COLLAPSE,
      })],
    });
    const found = getChunks(view.state);
    return { ...counts(found ? found.chunks : [], getOriginalDoc(view.state), view.state.doc),
      destroy: () => view.destroy() };
  }
  const view = new MergeView({
    parent, root,
    a: { doc: before, extensions: readOnly(`The code at ${labels[0]}`, language) },
    b: { doc: after, extensions: readOnly(`The code at ${labels[1]}`, language) },
    highlightChanges: true, gutter: true, collapseUnchanged: COLLAPSE,
  });
  return { ...counts(view.chunks, view.a.state.doc, view.b.state.doc), destroy: () => view.destroy() };
}

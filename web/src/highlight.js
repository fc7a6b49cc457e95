// Syntax colours: every one at least 4.5:1 on the editor's white background (WCAG AA).

import { HighlightStyle } from "@codemirror/language";
import { tags as t } from "@lezer/highlight";

export const highlightStyle = HighlightStyle.define([
  { tag: [t.keyword, t.controlKeyword, t.moduleKeyword, t.operatorKeyword, t.definitionKeyword, t.modifier],
    color: "#7a1fa2" },
  { tag: [t.string, t.special(t.string), t.character, t.regexp], color: "#a31515" },
  { tag: [t.comment, t.lineComment, t.blockComment, t.docComment], color: "#5c6370", fontStyle: "italic" },
  { tag: [t.number, t.bool, t.null, t.atom], color: "#0b6e4f" },
  { tag: [t.function(t.variableName), t.function(t.propertyName), t.definition(t.function(t.variableName))],
    color: "#1a56b0" },
  { tag: [t.definition(t.variableName), t.definition(t.propertyName)], color: "#124a8c" },
  { tag: [t.typeName, t.className, t.namespace, t.standard(t.typeName)], color: "#0d6670" },
  { tag: [t.meta, t.processingInstruction, t.annotation], color: "#8a4b00" },
  { tag: [t.escape], color: "#9b2c8c" },
  { tag: t.invalid, color: "#b3261e", textDecoration: "underline" },
]);

// The other participants' carets and selections: positions they send (presence), mapped through every
// later change, drawn as a coloured caret with the person's name and a highlighted selection.

import { StateEffect, StateField } from "@codemirror/state";
import { Decoration, EditorView, WidgetType } from "@codemirror/view";

// { caret: {id, name, role, anchor, head} } sets one; { keep: [ids] } drops those who left
export const setCarets = StateEffect.define();

class CaretWidget extends WidgetType {
  constructor(name, role) { super(); this.name = name; this.role = role; }
  eq(other) { return other.name === this.name && other.role === this.role; }
  toDOM() {
    const caret = document.createElement("span");
    caret.className = `pad-caret pad-caret-${this.role}`;
    caret.setAttribute("aria-hidden", "true");
    caret.append(Object.assign(document.createElement("span"), { className: "pad-caret-name", textContent: this.name }));
    return caret;
  }
  ignoreEvent() { return true; }
}

function clamp(pos, length) { return Math.max(0, Math.min(pos, length)); }

const carets = StateField.define({
  create: () => new Map(),
  update(value, tr) {
    let next = value;
    if (tr.docChanged) {
      next = new Map();
      for (const [id, c] of value) next.set(id, { ...c, anchor: tr.changes.mapPos(c.anchor), head: tr.changes.mapPos(c.head) });
    }
    for (const effect of tr.effects) {
      if (!effect.is(setCarets)) continue;
      next = new Map(next);
      if (effect.value.caret) {
        const c = effect.value.caret;
        const length = tr.state.doc.length;
        next.set(c.id, { name: c.name, role: c.role, anchor: clamp(c.anchor, length), head: clamp(c.head, length) });
      }
      if (effect.value.keep) for (const id of [...next.keys()]) if (!effect.value.keep.includes(id)) next.delete(id);
    }
    return next;
  },
  provide: (field) => EditorView.decorations.from(field, (value) => {
    const ranges = [];
    for (const c of value.values()) {
      const from = Math.min(c.anchor, c.head);
      const to = Math.max(c.anchor, c.head);
      if (from < to) ranges.push(Decoration.mark({ class: `pad-selection pad-selection-${c.role}` }).range(from, to));
      ranges.push(Decoration.widget({ widget: new CaretWidget(c.name, c.role), side: 1 }).range(c.head));
    }
    return Decoration.set(ranges, true);
  }),
});

export const remoteCarets = [carets];

// The integrity recording (issue 23), only where the assessment asks for it (GET /v1/me says
// integrity_signals: "basic" or "full") and only after the consent on the landing page (the server sends
// "off" before it, and refuses batches then). Events are queued per problem and sent with the autosave
// (POST /v1/me/recording/{slug}): nothing is sent per keystroke, and what a keystroke costs here is one
// ChangeSet.toJSON() of a small change (the input-latency figure is in tests/browser/test_integrity_browser.py).
//   basic: pastes (size; from this page or from elsewhere) and leaving the page (focus, visibility);
//   full:  also every change of the code (CodeMirror change sets) for playback.
// Past the server's cap for a problem, the change sets stop and a snapshot is sent at most once a minute.

import { request } from "./api.js";
import { uuid } from "./uuid.js";

const SNAPSHOT_MS = 60000;
const MAX_PASTE_TEXT = 20000;
const MAX_BATCH = 4000; // events per request (the server takes 5000)

const normalize = (text) => text.replace(/\s+/g, " ").trim();

export class Recorder {
  constructor(mode, workspaceText) {
    this.mode = mode; // off | basic | full
    this.workspaceText = workspaceText; // () -> the statement, samples and the candidate's other documents
    this.queues = new Map(); // slug -> events not sent yet
    this.capped = new Set(); // slugs past the cap
    this.lastSnapshot = new Map(); // "slug/language" -> time
    this.copied = new Set(); // texts copied or cut on this page
    this.slug = null; // the problem shown (focus events go to it)
    this.away = { blur: null, hidden: null };
    this.stopped = false;
  }

  get on() {
    return !this.stopped && (this.mode === "basic" || this.mode === "full");
  }

  get code() {
    return this.on && this.mode === "full";
  }

  // event.t: when it happened (default now)
  push(slug, event) {
    if (!this.on || !slug) return;
    event.t ??= Date.now();
    if (!this.queues.has(slug)) this.queues.set(slug, []);
    this.queues.get(slug).push(event);
  }

  // The editor opened the document of (slug, language): its text as it starts.
  opened(slug, language, doc) {
    this.slug = slug;
    if (this.code) this.push(slug, { k: "o", l: language, d: doc });
  }

  // A CodeMirror update of the document of (slug, language).
  update(slug, language, update) {
    if (!this.on) return;
    for (const tr of update.transactions) {
      if (!tr.docChanged) continue;
      const t = Date.now(); // a paste and its change are one moment (the player shows the paste's code there)
      if (tr.isUserEvent("input.paste") || tr.isUserEvent("input.drop")) {
        let text = "";
        tr.changes.iterChanges((fromA, toA, fromB, toB, inserted) => { text += inserted.toString(); });
        this.pasted(slug, language, text, tr.startState.doc.toString(), t);
      }
      if (!this.code) continue;
      if (this.capped.has(slug)) {
        const key = `${slug}/${language}`;
        const last = this.lastSnapshot.get(key) || 0;
        if (Date.now() - last >= SNAPSHOT_MS) {
          this.lastSnapshot.set(key, Date.now());
          this.push(slug, { k: "s", l: language, d: update.state.doc.toString(), t });
        }
      } else {
        this.push(slug, { k: "c", l: language, c: tr.changes.toJSON(), t });
      }
    }
  }

  // own: the document's text before the paste; t: when
  pasted(slug, language, text, own, t) {
    const event = { k: "p", l: language, n: text.length, o: this.inside(text, own) ? 0 : 1, t };
    if (this.code) event.x = text.slice(0, MAX_PASTE_TEXT);
    this.push(slug, event);
  }

  // Inside the workspace: copied on this page, or found in the statement, the samples or the candidate's code.
  inside(text, own) {
    const wanted = normalize(text);
    if (!wanted) return true;
    if (this.copied.has(wanted)) return true;
    return normalize(own).includes(wanted) || normalize(this.workspaceText()).includes(wanted);
  }

  install(selectedText) {
    const remember = () => {
      const text = normalize(selectedText() || "");
      if (text) this.copied.add(text);
    };
    document.addEventListener("copy", remember, true);
    document.addEventListener("cut", remember, true);
    window.addEventListener("blur", () => {
      if (this.away.blur === null) this.away.blur = Date.now();
      this.push(this.slug, { k: "b" });
    });
    window.addEventListener("focus", () => {
      if (this.away.blur === null) return;
      this.push(this.slug, { k: "f", d: Date.now() - this.away.blur });
      this.away.blur = null;
    });
    document.addEventListener("visibilitychange", () => {
      if (document.visibilityState === "hidden") {
        if (this.away.hidden === null) this.away.hidden = Date.now();
        this.push(this.slug, { k: "h" });
      } else if (this.away.hidden !== null) {
        this.push(this.slug, { k: "v", d: Date.now() - this.away.hidden });
        this.away.hidden = null;
      }
    });
  }

  // Send what is queued (with the autosave). keepalive: the page is going away.
  async flush({ keepalive = false } = {}) {
    const work = [];
    for (const [slug, queue] of this.queues) {
      while (queue.length) {
        const events = queue.splice(0, MAX_BATCH);
        work.push(this.send(slug, events, keepalive));
      }
    }
    await Promise.allSettled(work);
  }

  async send(slug, events, keepalive) {
    const body = { batch: uuid(), sent_at: Date.now(), events };
    const small = JSON.stringify(body).length < 60 * 1024;
    try {
      const answer = await request("POST", `/v1/me/recording/${encodeURIComponent(slug)}`,
        { body, keepalive: keepalive && small });
      if (answer?.capped) this.capped.add(slug);
    } catch (error) {
      if (error.status === 409) this.stopped = true; // off, over, or no consent: the server records nothing
    }
  }

  stop() {
    this.stopped = true;
  }
}

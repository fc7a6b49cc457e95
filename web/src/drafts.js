// Autosave: PUT /v1/me/drafts/{slug}/{language} about a second after typing stops, and at once when the
// page loses focus, is hidden or is closed. GET /v1/me/drafts restores them on load. What is saved is
// the code's body as the server takes it: {source} for one file, {files} for several (files.js).

import { get, request } from "./api.js";
import { $ } from "./dom.js";
import { isRetrying, onNetworkChange } from "./network.js";
import { parseUtc } from "./timer.js";

const DEBOUNCE_MS = 1000;
const KEEPALIVE_LIMIT = 60 * 1024; // browsers cap keepalive bodies at 64 KiB
const encoder = new TextEncoder();

export class Drafts {
  constructor() {
    this.saved = new Map(); // key -> the body the server has (as JSON)
    this.pending = new Map(); // key -> the latest body not yet saved
    this.timer = null;
    this.inFlight = new Map(); // key -> promise
    this.stopped = false;
    this.alongside = null; // ({keepalive}) -> promise: sent with every save (the integrity recording)
    onNetworkChange(() => this.render());
  }

  // GET /v1/me/drafts -> Map "slug/language" -> {source, files, updatedAt}
  async load(sourceNames) {
    const rows = await get("/v1/me/drafts");
    const drafts = new Map();
    for (const row of rows || []) {
      const files = row.files || {};
      const name = sourceNames[row.language];
      const source = name in files ? files[name] : Object.values(files)[0] ?? "";
      const key = `${row.problem}/${row.language}`;
      drafts.set(key, { problem: row.problem, language: row.language, source, files,
        updatedAt: parseUtc(row.updated_at) });
      const names = Object.keys(files);
      const body = names.length === 1 && names[0] === name ? { source } : { files };
      this.saved.set(key, JSON.stringify(body));
    }
    return drafts;
  }

  // body: {source} or {files}; a plain string is one source
  changed(key, body) {
    if (this.stopped) return;
    const source = typeof body === "string" ? { source: body } : body;
    if (this.saved.get(key) === JSON.stringify(source)) this.pending.delete(key);
    else this.pending.set(key, source);
    clearTimeout(this.timer);
    this.timer = setTimeout(() => this.flush(), DEBOUNCE_MS);
    this.render();
  }

  // Save everything pending now. keepalive: the page is going away (a save still under way may not
  // finish then, so the newest text is sent at once, beside it).
  async flush({ keepalive = false } = {}) {
    clearTimeout(this.timer);
    const work = [];
    if (this.alongside) work.push(this.alongside({ keepalive }));
    for (const [key, source] of this.pending) {
      if (this.inFlight.has(key) && !keepalive) {
        work.push(this.inFlight.get(key));
        continue;
      }
      work.push(this.save(key, source, keepalive));
    }
    await Promise.allSettled(work);
  }

  async save(key, source, keepalive) {
    const [slug, language] = key.split("/");
    const path = `/v1/me/drafts/${encodeURIComponent(slug)}/${encodeURIComponent(language)}`;
    const promise = (async () => {
      try {
        const text = JSON.stringify(source);
        const small = encoder.encode(text).length < KEEPALIVE_LIMIT;
        await request("PUT", path, { body: source, keepalive: keepalive && small });
        this.saved.set(key, text);
        this.error = null;
        if (this.pending.get(key) === source) this.pending.delete(key);
      } catch (error) {
        // 4xx (the assessment is over, the draft is too large): stop trying this text
        if (this.pending.get(key) === source) this.pending.delete(key);
        this.error = error.message;
      } finally {
        if (this.inFlight.get(key) === promise) this.inFlight.delete(key);
        this.render();
        if (this.pending.has(key) && !this.stopped) this.changed(key, this.pending.get(key));
      }
    })();
    this.inFlight.set(key, promise);
    this.render();
    return promise;
  }

  dirty() {
    return this.pending.size > 0 || this.inFlight.size > 0;
  }

  stop() {
    this.stopped = true;
    clearTimeout(this.timer);
  }

  render() {
    const box = $("save-state");
    if (!box) return;
    let text = "Saved";
    let state = "saved";
    if (this.inFlight.size && isRetrying()) [text, state] = ["Offline – retrying", "offline"];
    else if (this.inFlight.size || this.pending.size) [text, state] = ["Saving…", "saving"];
    else if (this.error) [text, state] = [`Not saved: ${this.error}`, "error"];
    box.textContent = text;
    box.dataset.state = state;
  }
}

export function installAutosave(drafts) {
  window.addEventListener("pagehide", () => drafts.flush({ keepalive: true }));
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") drafts.flush({ keepalive: true });
  });
  window.addEventListener("blur", () => drafts.flush());
  window.addEventListener("beforeunload", () => {
    if (drafts.dirty()) drafts.flush({ keepalive: true });
  });
}

// The integrity playback on the reports (the reviewer's, and the candidate's own): per problem a scrubber
// over time, play at 1x to 32x, jumps to each run and submission, the code at that moment highlighted
// (the lines of the last change marked), pastes and time away marked on the timeline, and a diff between
// two moments (@codemirror/merge, side by side or unified: web/src/player-diff.js, its own chunk, loaded
// on the first diff). The recording comes in the page (<script type="application/json"
// id="integrity-data">, api/integrity/render.py): the console's CSP allows no fetch. Built as its own
// entry (web/build.mjs).

import { ChangeSet, Text } from "@codemirror/state";
import { classHighlighter, highlightTree } from "@lezer/highlight";

import { loadLanguage } from "./languages.js";

const SPEEDS = [1, 2, 4, 8, 16, 32];
const CHANGED_MS = 2000; // the lines of a change stay marked this long after it

function el(tag, attributes = {}, children = []) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attributes)) {
    if (key === "text") node.textContent = value;
    else if (value !== undefined && value !== null && value !== false) node.setAttribute(key, value === true ? "" : value);
  }
  node.append(...children);
  return node;
}

export function clock(ms) {
  const total = Math.max(0, Math.floor(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, "0");
  return hours ? `${hours}:${String(minutes).padStart(2, "0")}:${seconds}` : `${minutes}:${seconds}`;
}

// The first index whose value is > t, in a sorted array.
function upper(values, t) {
  let lo = 0;
  let hi = values.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (values[mid] <= t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

const textOf = (string) => Text.of(String(string ?? "").split("\n"));

// The recording of one problem, replayed once: the text of each document after each event.
export class Timeline {
  constructor(problem) {
    this.problem = problem;
    this.events = problem.events.sort((a, b) => a.t - b.t); // the batches as stored: nearly in order (stable)
    this.times = this.events.map((e) => e.t);
    this.end = Math.max(problem.end || 0, this.times[this.times.length - 1] || 0);
    this.docs = new Array(this.events.length).fill(null); // the text of the event's language after it
    this.language = new Array(this.events.length); // the language shown at each event
    this.byLanguage = new Map(); // language -> indices with a text
    this.changed = new Array(this.events.length).fill(null); // [fromLine, toLine] of a change
    this.broken = 0;
    const current = new Map();
    let language = null;
    this.events.forEach((event, index) => {
      if (event.l) language = event.l;
      this.language[index] = language;
      let doc = null;
      if (event.k === "o" || event.k === "s") doc = textOf(event.d);
      else if (event.k === "c" && current.has(event.l)) {
        try {
          const changes = ChangeSet.fromJSON(event.c);
          doc = changes.apply(current.get(event.l));
          let from = Infinity;
          let to = -1;
          changes.iterChangedRanges((fromA, toA, fromB, toB) => {
            from = Math.min(from, fromB);
            to = Math.max(to, toB);
          });
          if (to >= 0) this.changed[index] = [doc.lineAt(from).number, doc.lineAt(Math.min(to, doc.length)).number];
        } catch {
          this.broken++; // a batch lost on the way: the text continues from the next snapshot
        }
      }
      if (doc) {
        current.set(event.l, doc);
        this.docs[index] = doc;
        if (!this.byLanguage.has(event.l)) this.byLanguage.set(event.l, []);
        this.byLanguage.get(event.l).push(index);
      }
    });
    this.languages = [...this.byLanguage.keys()];
  }

  // {doc, language, index, changed} at time t
  at(t) {
    const index = upper(this.times, t) - 1;
    if (index < 0) return { doc: Text.empty, language: this.languages[0] || null, index, changed: null };
    const language = this.language[index];
    const indices = this.byLanguage.get(language) || [];
    const last = upper(indices, index) - 1;
    const doc = last >= 0 ? this.docs[indices[last]] : Text.empty;
    const event = this.events[index];
    const changed = this.changed[index] && t - event.t < CHANGED_MS ? this.changed[index] : null;
    return { doc, language, index, changed };
  }
}

const grammars = new Map(); // language -> a lezer parser, once loaded

function highlighted(doc, language, changed) {
  const text = doc.toString();
  const parser = grammars.get(language);
  const segments = []; // [text, class]
  if (parser) {
    let pos = 0;
    highlightTree(parser.parse(text), classHighlighter, (from, to, classes) => {
      if (from > pos) segments.push([text.slice(pos, from), ""]);
      segments.push([text.slice(from, to), classes]);
      pos = to;
    });
    if (pos < text.length) segments.push([text.slice(pos), ""]);
  } else {
    segments.push([text, ""]);
  }
  const lines = [el("span", { class: "line" })];
  for (const [part, classes] of segments) {
    const pieces = part.split("\n");
    pieces.forEach((piece, k) => {
      if (k > 0) lines.push(el("span", { class: "line" }));
      if (piece) lines[lines.length - 1].append(classes ? el("span", { class: classes, text: piece }) : piece);
    });
  }
  lines.forEach((line, k) => {
    if (changed && k + 1 >= changed[0] && k + 1 <= changed[1]) line.classList.add("changed");
    line.append("\n");
  });
  return lines;
}

const MARKS = {
  p: (e) => (e.o ? ["paste-outside", `paste from outside the workspace, ${e.n} characters`]
    : ["paste-inside", `paste from the workspace, ${e.n} characters`]),
};

class Player {
  constructor(root, problem) {
    this.root = root;
    this.timeline = new Timeline(problem);
    this.position = this.timeline.end; // the final code first
    this.playing = false;
    this.speed = 8;
    this.markA = null;
    this.build(problem);
    this.render();
  }

  build(problem) {
    const { timeline } = this;
    const slug = problem.slug;
    this.scrubber = el("input", { type: "range", min: "0", max: String(timeline.end), step: "100",
      value: String(this.position), "aria-label": `Moment of the playback of ${problem.title}`, id: `scrub-${slug}` });
    this.scrubber.addEventListener("input", () => this.seek(Number(this.scrubber.value)));
    this.playButton = el("button", { type: "button", class: "play", text: "Play" });
    this.playButton.addEventListener("click", () => (this.playing ? this.pause() : this.play()));
    const speed = el("select", { "aria-label": "Playback speed", class: "speed" },
      SPEEDS.map((s) => el("option", { value: String(s), text: `${s}x`, selected: s === this.speed })));
    speed.addEventListener("change", () => { this.speed = Number(speed.value); });
    this.timeLabel = el("span", { class: "player-time", "aria-live": "off" });
    const controls = el("div", { class: "player-controls" }, [this.playButton, speed, this.scrubber, this.timeLabel]);

    const track = el("div", { class: "player-track", role: "group", "aria-label": "Events on the timeline" });
    const left = (t) => `${(100 * t) / Math.max(1, timeline.end)}%`;
    const away = new Map(); // start -> end
    for (const event of timeline.events) {
      if ((event.k === "f" || event.k === "v") && event.d > 0) {
        const start = Math.max(0, event.t - event.d);
        track.append(el("div", { class: "away", style: null, "data-from": start, "data-to": event.t }));
        away.set(start, event.t);
      }
      const mark = MARKS[event.k]?.(event);
      if (mark) this.markButton(track, event.t, mark[0], `${clock(event.t)} ${mark[1]}`, left);
    }
    for (const mark of problem.marks || []) {
      const verdict = mark.verdict ? ` (${mark.verdict})` : "";
      this.markButton(track, mark.t, mark.kind, `${clock(mark.t)} ${mark.kind}${verdict}`, left);
    }
    this.head = el("div", { class: "head" });
    track.append(this.head);
    // inline styles are not allowed (CSP): place the marks through the CSSOM
    for (const span of track.querySelectorAll(".away")) {
      span.style.left = left(Number(span.dataset.from));
      span.style.width = `${(100 * (Number(span.dataset.to) - Number(span.dataset.from))) / Math.max(1, timeline.end)}%`;
    }
    this.left = left;

    const jumps = el("div", { class: "player-jumps", role: "group", "aria-label": "Runs and submissions" },
      (problem.marks || []).map((mark) => {
        const button = el("button", { type: "button", "data-t": mark.t,
          text: `${mark.kind === "run" ? "Run" : "Submission"} ${clock(mark.t)}${mark.verdict ? ` ${mark.verdict}` : ""}` });
        button.addEventListener("click", () => this.seek(mark.t));
        return button;
      }));
    const legend = el("p", { class: "player-legend" }, [
      el("span", { class: "l-out", text: "paste from outside" }), el("span", { class: "l-in", text: "paste from the workspace" }),
      el("span", { class: "l-away", text: "away" }), el("span", { class: "l-run", text: "run" }),
      el("span", { class: "l-sub", text: "submission" })]);
    this.code = el("pre", { class: "player-code", tabindex: "0", "aria-label": "The code at this moment" });
    this.status = el("p", { class: "player-status" });
    const markA = el("button", { type: "button", class: "mark-a", text: "Compare from here…" });
    const compare = el("button", { type: "button", class: "compare", text: "…to here", disabled: true });
    this.layout = el("select", { "aria-label": "Diff layout", class: "diff-layout" }, [
      el("option", { value: "split", text: "Side by side" }), el("option", { value: "unified", text: "Unified" })]);
    this.clearButton = el("button", { type: "button", class: "clear-diff", text: "Show the code", hidden: true });
    markA.addEventListener("click", () => {
      this.markA = this.position;
      compare.disabled = false;
      this.status.textContent = `Comparing from ${clock(this.markA)}: move to another moment, then “…to here”.`;
    });
    compare.addEventListener("click", () => this.showDiff(this.markA, this.position));
    this.layout.addEventListener("change", () => { if (this.diff) this.showDiff(this.diff.from, this.diff.to); });
    this.clearButton.addEventListener("click", () => this.closeDiff());
    this.diffHost = el("div", { class: "player-diff", hidden: true });
    const diffControls = el("div", { class: "player-controls" }, [markA, compare, this.layout, this.clearButton]);
    this.root.querySelector(".player-fallback")?.remove();
    this.root.append(controls, track, legend, jumps, diffControls, this.status, this.code, this.diffHost);
    if (timeline.broken) {
      this.root.append(el("p", { class: "sub", text: `${timeline.broken} change(s) could not be replayed (a batch was lost); the code continues from the next snapshot.` }));
    }
    if (problem.capped) {
      this.root.append(el("p", { class: "sub player-capped", text: "Past the recording's size limit the code is shown "
        + "as it was at each snapshot (at most one a minute) and at each run and submission." }));
    }
  }

  markButton(track, t, kind, label, left) {
    const button = el("button", { type: "button", class: `mark mark-${kind}`, "aria-label": label, title: label,
      "data-t": t });
    button.style.left = left(t);
    button.addEventListener("click", () => this.seek(t));
    track.append(button);
  }

  seek(t) {
    this.position = Math.max(0, Math.min(this.timeline.end, t));
    if (this.diff) this.closeDiff();
    else this.render();
  }

  play() {
    if (this.position >= this.timeline.end) this.position = 0;
    this.playing = true;
    this.playButton.textContent = "Pause";
    let last = performance.now();
    const step = (now) => {
      if (!this.playing) return;
      this.position = Math.min(this.timeline.end, this.position + (now - last) * this.speed);
      last = now;
      this.render();
      if (this.position >= this.timeline.end) this.pause();
      else requestAnimationFrame(step);
    };
    requestAnimationFrame(step);
  }

  pause() {
    this.playing = false;
    this.playButton.textContent = "Play";
  }

  render() {
    const { doc, language, changed, index } = this.timeline.at(this.position);
    this.scrubber.value = String(this.position);
    this.timeLabel.textContent = `${clock(this.position)} / ${clock(this.timeline.end)}`;
    this.head.style.left = this.left(this.position);
    this.root.dataset.position = String(Math.round(this.position));
    this.root.dataset.index = String(index);
    if (this.diff) return;
    const shown = `${index}/${changed ? changed.join("-") : ""}/${grammars.get(language) ? 1 : 0}`;
    if (shown === this.shown) return; // the same moment of the code (playing between two events)
    this.shown = shown;
    this.code.replaceChildren(...highlighted(doc, language, changed));
    if (language && !grammars.has(language)) {
      grammars.set(language, null);
      loadLanguage(language).then((support) => {
        if (support?.language) grammars.set(language, support.language.parser);
        this.render();
      });
    }
  }

  // The diff between the moments from and to (in either order), in place of the code.
  async showDiff(from, to) {
    const [a, b] = from <= to ? [from, to] : [to, from];
    const before = this.timeline.at(a);
    const after = this.timeline.at(b);
    const started = performance.now();
    const request = (this.diffRequest = {});
    this.diff = { from: a, to: b };
    this.status.textContent = `Comparing ${clock(a)} with ${clock(b)}…`;
    const [{ showMerge }, language] = await Promise.all([import("./player-diff.js"),
      after.language ? loadLanguage(after.language) : []]);
    if (this.diffRequest !== request || !this.diff) return; // moved on meanwhile
    this.merge?.destroy();
    const unified = this.layout.value === "unified";
    this.merge = showMerge(this.diffHost, before.doc.toString(), after.doc.toString(),
      { unified, language, labels: [clock(a), clock(b)] });
    this.code.hidden = true;
    this.diffHost.hidden = false;
    this.clearButton.hidden = false;
    const { added, removed } = this.merge;
    this.status.textContent = `Changes from ${clock(a)} to ${clock(b)}: ${added} line(s) added, ${removed} removed`
      + `${unified ? "" : ` (left ${clock(a)}, right ${clock(b)})`}.`;
    this.root.dataset.diff = `${a}-${b}`;
    this.root.dataset.diffMs = String(Math.round(performance.now() - started)); // bench/playback.py reads it
  }

  // Back to the code at the current moment.
  closeDiff() {
    this.diff = null;
    this.diffRequest = null;
    this.merge?.destroy();
    this.merge = null;
    this.diffHost.hidden = true;
    this.code.hidden = false;
    this.clearButton.hidden = true;
    delete this.root.dataset.diff;
    delete this.root.dataset.diffMs;
    this.status.textContent = "";
    this.shown = null;
    this.render();
  }
}

function boot() {
  const started = performance.now();
  const data = document.getElementById("integrity-data");
  if (!data) return;
  const { problems } = JSON.parse(data.textContent);
  const players = new Map();
  for (const problem of problems) {
    const root = document.getElementById(`player-${problem.slug}`);
    if (!root) continue;
    players.set(problem.slug, new Player(root, problem));
    root.dataset.state = "ready";
  }
  document.addEventListener("click", (event) => {
    const link = event.target.closest?.("a[data-seek]");
    if (!link) return;
    const player = players.get(link.dataset.seek);
    if (player) player.seek(Number(link.dataset.at));
  });
  const ready = performance.now();
  document.documentElement.dataset.playerBuildMs = String(Math.round(ready - started));
  document.documentElement.dataset.playerReadyMs = String(Math.round(ready)); // since the navigation started
}

boot();

// The countdown. The server's clock is the truth: every sync (GET /v1/me, once a minute) measures the
// offset between the server's `now` and this machine's clock; the deadline is the server's deadline_at.

import { $, announce } from "./dom.js";

const WARNINGS = [
  [300, "5 minutes left. Submit your code: unsubmitted code is not scored."],
  [60, "1 minute left. Submit now: unsubmitted code is not scored."],
];

// The API's times are UTC ISO 8601; one without a zone is read as UTC too (never as local time).
export function parseUtc(text) {
  return Date.parse(/([zZ]|[+-]\d\d:?\d\d)$/.test(text) ? text : `${text}Z`);
}

export function format(seconds) {
  const s = Math.max(0, Math.floor(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const pad = (n) => String(n).padStart(2, "0");
  return h ? `${h}:${pad(m)}:${pad(s % 60)}` : `${pad(m)}:${pad(s % 60)}`;
}

function minutes(value) {
  const h = Math.floor(value / 60);
  const m = Math.round(value % 60);
  if (h && m) return `${h} h ${m} min`;
  return h ? `${h} h` : `${m} min`;
}

export class Timer {
  constructor({ onExpire }) {
    this.onExpire = onExpire;
    this.offsetMs = 0; // server clock minus this clock
    this.deadlineMs = null; // server time
    this.warned = new Set();
    this.expired = false;
    this.handle = null;
  }

  // me: GET /v1/me's body; sentAt/receivedAt: this clock around the request.
  sync(me, sentAt, receivedAt) {
    const middle = (sentAt + receivedAt) / 2;
    if (me.now) this.offsetMs = parseUtc(me.now) - middle;
    if (me.deadline_at) this.deadlineMs = parseUtc(me.deadline_at);
    else if (me.seconds_left !== null && me.seconds_left !== undefined) {
      this.deadlineMs = middle + this.offsetMs + me.seconds_left * 1000;
    }
    this.showAccommodation(me);
    if (!this.handle) this.handle = setInterval(() => this.tick(), 250);
    this.tick();
  }

  showAccommodation(me) {
    const extra = $("timer-extra");
    const multiplier = me.time_multiplier ?? 1;
    const extraMinutes = me.extra_minutes ?? 0;
    if (!extra || (multiplier === 1 && !extraMinutes)) return;
    const total = me.effective_duration_minutes ?? Math.round(me.duration_minutes * multiplier) + extraMinutes;
    const added = total - me.duration_minutes;
    extra.textContent = `of ${minutes(total)}, incl. ${minutes(added)} extra time`;
    extra.hidden = false;
  }

  secondsLeft() {
    if (this.deadlineMs === null) return null;
    return (this.deadlineMs - (Date.now() + this.offsetMs)) / 1000;
  }

  tick() {
    const left = this.secondsLeft();
    if (left === null) return;
    const value = $("timer-value");
    const text = format(Math.ceil(left));
    if (value.textContent !== text) value.textContent = text;
    const box = $("timer");
    box.classList.toggle("warn", left <= 300);
    box.classList.toggle("urgent", left <= 60);
    for (const [at, message] of WARNINGS) {
      if (left <= at && !this.warned.has(at)) {
        this.warned.add(at);
        announce(message);
        showToast(message);
      }
    }
    if (left <= 0 && !this.expired) {
      this.expired = true;
      this.onExpire();
    }
  }
}

function showToast(message) {
  const toast = $("timer-warning");
  if (!toast) return;
  toast.textContent = message;
  toast.hidden = false;
}

// The candidate REST API (/v1/me...), called as /take/v1/me...: the browser sends the cookie the personal
// link left (HttpOnly: this script never sees the token), and every request names the invitation this page
// shows in a header, which no other site can make a browser send (the server refuses the cookie without
// it, and answers 409 when another link was opened in this browser since).
// Network failures, 5xx and 429 are retried with exponential back-off (Retry-After respected), except a
// 429 the caller wants to show (retryLimited: false); other errors are thrown as ApiError with the
// server's problem+json detail.

import { markDone, markRetrying } from "./network.js";

const BASE = "/take"; // where the cookie goes (its path): /take/v1/me is /v1/me
const INVITATION = document.querySelector('meta[name="assay-invitation"]')?.content || "";

export class ApiError extends Error {
  constructor(status, detail, body) {
    super(detail || `HTTP ${status}`);
    this.status = status;
    this.body = body;
  }
}

let sequence = 0;
const MAX_DELAY_MS = 15000;

export function backoff(attempt) {
  const base = Math.min(MAX_DELAY_MS, 1000 * 2 ** attempt);
  return Math.round(base * (0.75 + Math.random() * 0.5));
}

export function retryAfter(header) {
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, Math.min(300, seconds)) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, Math.min(300000, date - Date.now()));
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function problemOf(response) {
  try {
    const body = await response.json();
    return new ApiError(response.status, body.detail || body.title, body);
  } catch {
    return new ApiError(response.status, `HTTP ${response.status}`, null);
  }
}

// request("POST", "/v1/me/runs?wait=20", {body, headers, keepalive, retry})
export async function request(method, path, options = {}) {
  const { body, headers = {}, keepalive = false, retry = true, retryLimited = true } = options;
  const id = ++sequence;
  const init = {
    method,
    headers: { "X-Assay-Invitation": INVITATION, Accept: "application/json", ...headers },
    cache: "no-store",
    credentials: "same-origin",
    keepalive,
  };
  if (body !== undefined) {
    init.headers["Content-Type"] = "application/json";
    init.body = JSON.stringify(body);
  }
  try {
    for (let attempt = 0; ; attempt++) {
      let response = null;
      let reason = "offline";
      try {
        response = await fetch(BASE + path, init);
      } catch (error) {
        if (init.keepalive) { // over the browser's keepalive quota (64 KiB in flight): an ordinary request then
          init.keepalive = false;
          attempt--;
          continue;
        }
        if (!retry) throw error;
      }
      const shown = response && response.status === 429 && !retryLimited; // the caller says why instead
      if (response && (shown || (response.status !== 429 && response.status < 500))) {
        if (!response.ok) throw await problemOf(response);
        return response.status === 204 ? null : await response.json();
      }
      if (response) {
        if (!retry) throw await problemOf(response);
        reason = response.status === 429 ? "rate" : "server";
      }
      const hinted = response ? retryAfter(response.headers.get("Retry-After")) : null;
      const delay = hinted === null ? backoff(attempt) : Math.max(500, hinted);
      markRetrying(id, reason, delay);
      await sleep(delay);
    }
  } finally {
    markDone(id);
  }
}

export const get = (path) => request("GET", path);

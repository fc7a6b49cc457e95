// The connection state every request reports to: a banner while any request is retrying.

const retrying = new Map(); // request id -> {reason, until}
const listeners = new Set();

export function onNetworkChange(listener) {
  listeners.add(listener);
}

function notify() {
  const reasons = [...retrying.values()];
  for (const listener of listeners) listener(reasons);
}

export function markRetrying(id, reason, delayMs) {
  retrying.set(id, { reason, until: Date.now() + delayMs });
  notify();
}

export function markDone(id) {
  if (retrying.delete(id)) notify();
}

export function isRetrying() {
  return retrying.size > 0;
}

// The banner: role=alert, hidden when all is well.
export function installBanner(banner) {
  let timer = null;
  const render = (reasons) => {
    if (!reasons.length) {
      banner.hidden = true;
      banner.textContent = "";
      clearInterval(timer);
      timer = null;
      return;
    }
    const offline = reasons.find((r) => r.reason === "offline");
    const limited = reasons.find((r) => r.reason === "rate");
    const first = offline || limited || reasons[0];
    const seconds = Math.max(0, Math.ceil((first.until - Date.now()) / 1000));
    const when = seconds > 0 ? ` in ${seconds} s` : "";
    let text;
    if (offline) text = `Offline – retrying${when}. Keep working: your code stays in this page and is saved when the connection is back.`;
    else if (limited) text = `Too many requests in a short time – retrying${when}.`;
    else text = `The server is not answering – retrying${when}. Nothing is lost.`;
    if (banner.textContent !== text) banner.textContent = text;
    banner.hidden = false;
    if (!timer) timer = setInterval(() => render([...retrying.values()]), 1000);
  };
  onNetworkChange(render);
}

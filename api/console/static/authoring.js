// Authoring in the console (the pages work without it): the statement's live preview (rendered by the
// server, as candidates see it, MathML included), the grader's settings shown for the chosen kind, and
// a verify run's progress refreshed until it ends.
"use strict";

(function () {
  function livePreview() {
    const form = document.getElementById("problem-form");
    const source = document.getElementById("statement");
    const target = document.getElementById("preview");
    if (!form || !source || !target) return;
    let timer = null;
    let sent = 0;
    const refresh = async () => {
      const ticket = ++sent;
      const body = new FormData();
      body.append("csrf_token", form.elements.csrf_token.value);
      body.append("statement", source.value);
      try {
        const answer = await fetch("/ui/authoring/preview", { method: "POST", body, credentials: "same-origin" });
        if (answer.ok && !answer.redirected && ticket === sent) target.innerHTML = await answer.text();
      } catch (error) {
        // offline for a moment: the Preview button still works
      }
    };
    source.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(refresh, 300);
    });
  }

  function graderOptions() {
    const kind = document.getElementById("grader_kind");
    if (!kind) return;
    document.documentElement.classList.add("js");
    const show = () => {
      for (const node of document.querySelectorAll(".grader-option[data-kinds]")) {
        node.hidden = !node.dataset.kinds.split(" ").includes(kind.value);
      }
    };
    kind.addEventListener("change", show);
    show();
  }

  function verifyProgress() {
    const live = document.getElementById("verify-live");
    if (!live || live.dataset.finished === "yes") return;
    const poll = async () => {
      try {
        const answer = await fetch(live.dataset.source, { credentials: "same-origin" });
        if (answer.ok && !answer.redirected) {
          const holder = document.createElement("div");
          holder.innerHTML = await answer.text();
          const fresh = holder.querySelector("#verify-live");
          if (fresh) {
            live.innerHTML = fresh.innerHTML;
            live.dataset.finished = fresh.dataset.finished;
          }
        }
      } catch (error) {
        // try again on the next tick
      }
      if (live.dataset.finished !== "yes") setTimeout(poll, 1000);
    };
    setTimeout(poll, 1000);
  }

  document.addEventListener("DOMContentLoaded", () => {
    livePreview();
    graderOptions();
    verifyProgress();
  });
})();

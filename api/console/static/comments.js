// Line comments on the report page (the page works without this script: a line's "+" then opens the
// line's own page with the form). With it, the "+" opens the form right under the line.
"use strict";

(function () {
  function openForm(link) {
    const item = link.closest("li");
    const open = item.querySelector("form[data-comment-form]");
    if (open) {
      open.querySelector("textarea").focus();
      return;
    }
    const template = document.getElementById("comment-form-template");
    if (!template) return;
    // the link is the line's own page: /ui/submissions/{id}/comment?path=...&line=N
    const target = new URL(link.href);
    const form = template.content.firstElementChild.cloneNode(true);
    form.action = target.pathname.replace(/\/comment$/, "/comments");
    form.elements.path.value = target.searchParams.get("path");
    form.elements.line.value = target.searchParams.get("line");
    form.querySelector("[data-line-number]").textContent = target.searchParams.get("line");
    form.querySelector("[data-cancel]").addEventListener("click", () => {
      form.remove();
      link.focus();
    });
    item.appendChild(form);
    form.querySelector("textarea").focus();
  }

  document.addEventListener("DOMContentLoaded", () => {
    for (const link of document.querySelectorAll("figure.code.commented a.cl")) {
      link.addEventListener("click", (event) => {
        event.preventDefault();
        openForm(link);
      });
    }
  });
})();

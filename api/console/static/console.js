// The HR console's only script (the pages work without it): times in the viewer's own time zone
// with UTC on hover, and "Copy" buttons for candidate links.
"use strict";

(function () {
  const format = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit", timeZoneName: "short",
  });

  function localTimes(root) {
    for (const node of root.querySelectorAll("time[datetime]")) {
      const when = new Date(node.getAttribute("datetime"));
      if (Number.isNaN(when.getTime())) continue;
      if (!node.title) node.title = node.textContent;
      node.textContent = format.format(when);
      node.classList.add("local");
    }
  }

  function copyButtons(root) {
    for (const button of root.querySelectorAll("button[data-copy]")) {
      button.hidden = false;
      button.addEventListener("click", async () => {
        const target = document.getElementById(button.dataset.copy);
        if (!target) return;
        const text = target.value !== undefined ? target.value : target.textContent;
        try {
          await navigator.clipboard.writeText(text);
        } catch (error) {
          if (target.select) target.select();
          document.execCommand("copy");
        }
        const label = button.textContent;
        button.textContent = "Copied";
        setTimeout(() => { button.textContent = label; }, 1500);
      });
    }
  }

  function confirmForms(root) {
    for (const form of root.querySelectorAll("form[data-confirm]")) {
      form.addEventListener("submit", (event) => {
        if (!window.confirm(form.dataset.confirm)) event.preventDefault();
      });
    }
  }

  document.addEventListener("DOMContentLoaded", () => {
    localTimes(document);
    copyButtons(document);
    confirmForms(document);
  });
})();

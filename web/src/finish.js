// Finish: a confirmation dialog, then POST /v1/me/finish and a reload into the summary.

import { request } from "./api.js";
import { $, el } from "./dom.js";

// unsubmitted(): the names of the problems whose code was changed after its last submission; the dialog
// names them (it opens at once and adds them when known; offline it opens without them).
// aiAllowed(): the assessment allows AI assistance; the dialog then asks which tools were used.
export function installFinish(beforeFinish, unsubmitted, aiAllowed = () => false) {
  const form = $("finish-form");
  const dialog = $("finish-dialog");
  const confirm = $("finish-confirm");
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    $("finish-unsubmitted").hidden = true;
    dialog.dataset.checked = "pending";
    $("finish-ai").hidden = !aiAllowed();
    dialog.showModal();
    $("finish-cancel").focus();
    try {
      const names = await unsubmitted();
      $("finish-unsubmitted-list").replaceChildren(...names.map((name) => el("li", { text: name })));
      $("finish-unsubmitted").hidden = names.length === 0;
      dialog.dataset.checked = "true";
    } catch {
      dialog.dataset.checked = "failed";
    }
  });
  $("finish-cancel").addEventListener("click", () => dialog.close());
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    confirm.textContent = "Finishing…";
    await beforeFinish();
    try {
      const body = aiAllowed() ? { ai_tools: $("finish-ai-tools").value } : undefined;
      await request("POST", "/v1/me/finish", { body });
    } catch {
      // already finished or over: the reload shows the summary either way
    }
    location.reload();
  });
}

// Finish: a confirmation dialog, then POST /v1/me/finish and a reload into the summary.

import { request } from "./api.js";
import { $ } from "./dom.js";

export function installFinish(beforeFinish) {
  const form = $("finish-form");
  const dialog = $("finish-dialog");
  const confirm = $("finish-confirm");
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    dialog.showModal();
    $("finish-cancel").focus();
  });
  $("finish-cancel").addEventListener("click", () => dialog.close());
  confirm.addEventListener("click", async () => {
    confirm.disabled = true;
    confirm.textContent = "Finishing…";
    await beforeFinish();
    try {
      await request("POST", "/v1/me/finish");
    } catch {
      // already finished or over: the reload shows the summary either way
    }
    location.reload();
  });
}

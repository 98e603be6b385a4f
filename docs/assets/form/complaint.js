// The complaint form (overrides/form/complaint_form.html), one step at a time: this wires
// the checks, the draft, the review and the sending (checks/draft/review/send.js).

import { text, announce, ErrorDisplay } from "./common.js";
import { Uploads } from "./files.js";
import { fresh, load, keep, forget, snapshot, restore, typed } from "./draft.js";
import { check, problems } from "./checks.js";
import { review } from "./review.js";
import { payload, deliver, fieldErrors, showReceipt } from "./send.js";

const root = document.querySelector("[data-complaint]");
const form = root.querySelector("form");
const steps = [...form.querySelectorAll("[data-step]")];
const markers = [...root.querySelectorAll("[data-marker]")];
const success = root.querySelector("[data-success]");
const draftBox = root.querySelector("[data-draft]");
const sendButton = form.querySelector("[data-send]");
const errors = new ErrorDisplay(root);
const uploads = new Uploads(() => ({ submission_key: state.key }), errors);
let state = load() || fresh();

function save() {
  state.values = snapshot(form);
  keep(state);
}

function reveal() {
  for (const part of root.querySelectorAll("[data-show-when]")) {
    const [name, wanted] = part.dataset.showWhen.split("=");
    const control = form.elements.namedItem(name);
    const value = control.type === "checkbox" ? (control.checked ? control.value : "") : control.value;
    const hidden = value !== wanted;
    if (part.hidden && !hidden && "announce" in part.dataset) announce(part.textContent.replace(/\s+/g, " ").trim());
    part.hidden = hidden;
  }
}

function show(index, { focus = true } = {}) {
  state.step = index;
  steps.forEach((step, at) => (step.hidden = at !== index));
  markers.forEach((marker, at) => {
    marker.classList.toggle("cf-done", at < index);
    if (at === index) marker.setAttribute("aria-current", "step");
    else marker.removeAttribute("aria-current");
  });
  if (index === steps.length - 1) review(form, steps, uploads, show);
  if (focus) steps[index].querySelector("h2").focus();
  save();
}

function stepProblems(step) {
  const found = problems(step);
  if (step.contains(sendButton) && uploads.busy()) found.push({ field: "attachments", message: text.files_wait });
  return found;
}

let sending = false;

async function send() {
  if (sending) return; // one complaint, one request at a time
  sending = true;
  sendButton.disabled = true;
  form.setAttribute("aria-busy", "true");
  announce(text.sending);
  const { answer, replayedEarlier } = await deliver(state, JSON.stringify(payload(form, uploads)), save);
  sending = false;
  sendButton.disabled = false;
  form.removeAttribute("aria-busy");
  settle(answer, replayedEarlier);
}

function settle(answer, replayedEarlier) {
  if (answer.status === 200 || answer.status === 201) return succeed(answer.body, replayedEarlier);
  if (answer.status === 0) return errors.show([{ message: text.network_error }], { retry: true });
  const found = fieldErrors(answer, text.network_error);
  if (answer.status === 400) {
    const at = steps.findIndex((step) => found.some((error) => step.querySelector(`[data-field="${CSS.escape(error.field)}"]`)));
    if (at >= 0 && at !== state.step) show(at, { focus: false });
  }
  errors.show(found, { retry: answer.status >= 500 });
}

function succeed(receipt, replayedEarlier) {
  forget();
  for (const part of [form, draftBox, root.querySelector(".cf-progress"), errors.summary]) part.hidden = true;
  showReceipt(success, receipt, replayedEarlier);
  success.hidden = false;
  success.querySelector("h2").focus();
}

form.addEventListener("submit", (event) => {
  event.preventDefault();
  const found = stepProblems(steps[state.step]);
  if (found.length) return errors.show(found);
  errors.clear();
  if (state.step < steps.length - 1) show(state.step + 1);
  else send();
});

form.addEventListener("click", (event) => {
  if (event.target.closest("[data-back]")) {
    errors.clear();
    show(Math.max(0, state.step - 1));
  }
});

form.addEventListener("input", (event) => {
  reveal();
  const box = event.target.closest("[data-field]");
  if (box && box.classList.contains("cf-invalid") && !check(box)) errors.clearField(box); // fixed: say so at once
  if (event.target.type !== "file") save();
});

errors.retry.addEventListener("click", () => send());

root.querySelector("[data-clear-draft]").addEventListener("click", () => {
  if (!window.confirm(text.draft_clear_confirm)) return;
  forget();
  form.reset();
  uploads.clear();
  errors.clear();
  state = fresh();
  reveal();
  show(0);
  draftBox.querySelector("[data-draft-status]").textContent = text.draft_cleared;
  announce(text.draft_cleared);
});

success.querySelector("[data-print]").addEventListener("click", () => window.print());
// Where the clipboard is refused, the code is still selected whole with one click (form.css).
success.querySelector("[data-copy]").addEventListener("click", () => {
  const code = success.querySelector('[data-out="tracking_token"]').textContent;
  navigator.clipboard.writeText(code).then(() => announce(text.code_copied), () => {});
});

for (const box of form.querySelectorAll("[data-files]")) uploads.attach(box);

restore(form, state.values);
reveal();
root.hidden = false;
if (typed(form, state.values)) {
  draftBox.hidden = false;
  draftBox.querySelector("[data-draft-status]").textContent = `${text.draft_restored} ${text.draft_notice}`;
  show(Math.min(state.step, steps.length - 1), { focus: false });
  announce(text.draft_restored);
} else show(0, { focus: false });

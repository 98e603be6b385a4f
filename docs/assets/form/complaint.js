// The complaint form (overrides/form/complaint_form.html): one step at a time, the server's rules
// checked as the reader goes, a draft kept on the device, one Idempotency-Key per complaint so that
// a retry never files it twice, and the confirmation with the API's own dates.

import { data, text, message, moment, today, announce, visible, revealed, ErrorDisplay, callApi, apiErrors } from "./common.js";
import { Uploads } from "./files.js";

const root = document.querySelector("[data-complaint]");
const form = root.querySelector("form");
const steps = [...form.querySelectorAll("[data-step]")];
const markers = [...root.querySelectorAll("[data-marker]")];
const success = root.querySelector("[data-success]");
const draftBox = root.querySelector("[data-draft]");
const sendButton = form.querySelector("[data-send]");
const errors = new ErrorDisplay(root);
const uploads = new Uploads(() => ({ submission_key: state.key }), errors);

// The server's rules (backend/chalicelib/domain/validation.py), for answers before sending.
const EMAIL = /^[^\s@<>()[\],;:"\\]{1,64}@(?=.{1,253}$)(?:[\p{L}\p{N}](?:[\p{L}\p{N}_-]{0,61}[\p{L}\p{N}])?\.)+\p{L}{2,63}$/u;
const PHONE = /^\+?[0-9][0-9 ().\-/]{4,29}$/;
const TIME = /^([01][0-9]|2[0-3]):[0-5][0-9]$/;
const DATE = /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/;
const AMOUNT = /^[0-9]{1,15}(\.[0-9]{1,18})?$/;
const CURRENCY = /^[A-Z][A-Z0-9]{1,9}$/;
// Server fields that the form asks through one of their parts.
const SHOWN_AT = { amount_disputed: "amount_disputed.value", representative: "representative.name" };

// ---------------------------------------------------------------- the draft, kept on this device
const DRAFT = "complaint-draft";
let state = load() || fresh();

function fresh() {
  return { key: newKey(), step: 0, values: {}, tried: [] };
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

function load() {
  try {
    const kept = JSON.parse(localStorage.getItem(DRAFT));
    return kept && kept.key && Array.isArray(kept.tried) ? kept : null;
  } catch {
    return null; // storage blocked or damaged: start afresh
  }
}

function save() {
  state.values = snapshot();
  try {
    localStorage.setItem(DRAFT, JSON.stringify(state));
  } catch {
    // Private browsing may refuse storage; the form still works, only without a draft.
  }
}

function forget() {
  try {
    localStorage.removeItem(DRAFT);
  } catch {
    // nothing was kept
  }
}

function controls() {
  return [...form.querySelectorAll("input[name], select[name], textarea[name]")].filter(
    (control) => control.type !== "file" && control.type !== "hidden",
  );
}

function snapshot() {
  const values = {};
  for (const control of controls()) {
    if (control.type === "radio") {
      if (control.checked) values[control.name] = control.value;
    } else values[control.name] = control.type === "checkbox" ? control.checked : control.value;
  }
  return values;
}

function restore(values) {
  for (const control of controls()) {
    if (!(control.name in values)) continue;
    const value = values[control.name];
    if (control.type === "radio") control.checked = control.value === value;
    else if (control.type === "checkbox") control.checked = value === true;
    else control.value = value;
  }
}

/** Whether `values` hold anything the reader typed or chose, not only the form's defaults. */
function typed(values) {
  return controls().some((control) => {
    if (!(control.name in values)) return false;
    const value = values[control.name];
    if (control.type === "radio") return value === control.value;
    return control.type === "checkbox" ? value === true : value !== control.defaultValue;
  });
}

// ---------------------------------------------------------------- what shows when
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
  if (index === steps.length - 1) review();
  if (focus) steps[index].querySelector("h2").focus();
  save();
}

// ---------------------------------------------------------------- checks
function fieldValue(name) {
  return form.elements.namedItem(name).value.trim();
}

/** The message for one field's answer, or null when it is fine. */
function check(box) {
  const name = box.dataset.field;
  const parts = [...box.querySelectorAll("input, select, textarea")].filter((control) => control.type !== "file");
  if (!parts.length) return null;
  const [first] = parts;
  if (first.type === "radio") return first.required && !parts.some((radio) => radio.checked) ? message(name, "required") : null;
  if (first.type === "checkbox") return first.required && !first.checked ? message(name, "required") : null;
  const value = first.value.trim();
  const needed = first.required || (name === "amount_disputed.currency" && fieldValue("amount_disputed.value"));
  if (!value) return needed ? message(name, "required") : null;
  const max = data.rules.max_length[name];
  if (max && value.length > max) return message(name, "too_long", { max });
  return checkValue(name, value);
}

function checkValue(name, value) {
  const fails = (test, code = "invalid", params = {}) => (test ? message(name, code, params) : null);
  switch (name) {
    case "email":
    case "representative.email":
      return fails(!EMAIL.test(value));
    case "description":
      return fails(value.length < data.rules.min_description, "too_short", { min: data.rules.min_description });
    case "incident_date":
      if (!DATE.test(value)) return message(name, "invalid");
      return fails(value > today(), "future") || fails(value < "1970-01-01", "too_old");
    case "incident_time":
      return fails(!TIME.test(value));
    case "phone":
      return fails(!PHONE.test(value));
    case "amount_disputed.value": {
      const amount = value.replace(/ /g, "").replace(/^([^.]*),([^.,]*)$/, "$1.$2");
      return fails(!AMOUNT.test(amount) || Number(amount) <= 0);
    }
    case "amount_disputed.currency":
      return fails(!CURRENCY.test(value.toUpperCase()));
    case "transaction_ids":
    case "ticket_ids": {
      const lines = value.split("\n").map((line) => line.trim()).filter(Boolean);
      const longest = data.rules.max_length.list_item;
      return (
        fails(lines.length > data.rules.max_list_items, "too_many", { max: data.rules.max_list_items }) ||
        fails(lines.some((line) => line.length > longest), "item_too_long", { max: longest })
      );
    }
    default:
      return null;
  }
}

function problems(step) {
  const found = [];
  for (const box of step.querySelectorAll("[data-field]")) {
    if (!visible(box)) continue;
    const words = check(box);
    if (words) found.push({ field: box.dataset.field, message: words });
  }
  if (step.contains(sendButton) && uploads.busy()) found.push({ field: "attachments", message: text.files_wait });
  return found;
}

// ---------------------------------------------------------------- the review
function review() {
  const box = form.querySelector("[data-review]");
  box.replaceChildren();
  steps.slice(0, -1).forEach((step, index) => {
    const name = step.querySelector("[data-step-name]").textContent;
    const heading = document.createElement("h3");
    heading.textContent = name;
    const list = document.createElement("dl");
    for (const field of step.querySelectorAll("[data-field]")) {
      const answer = revealed(field) && answerOf(field);
      if (answer === false || answer === null) continue;
      const term = document.createElement("dt");
      term.textContent = data.labels[field.dataset.field] || field.querySelector("legend").textContent.trim();
      const detail = document.createElement("dd");
      detail.textContent = answer || text.not_given;
      list.append(term, detail);
    }
    const change = document.createElement("button");
    change.type = "button";
    change.className = "md-button cf-small";
    change.textContent = `${text.change} `;
    const which = document.createElement("span");
    which.className = "cf-visually-hidden";
    which.textContent = name;
    change.append(which);
    change.addEventListener("click", () => show(index));
    box.append(heading, list, change);
  });
}

/** The answer as the reader gave it, "" when left empty, null when there is nothing to show. */
function answerOf(field) {
  if (field.dataset.files) return uploads.names(field.dataset.files).join(", ") || text.files_none;
  const parts = [...field.querySelectorAll("input, select, textarea")];
  if (!parts.length) return null;
  const [first] = parts;
  if (first.type === "radio") {
    const chosen = parts.find((radio) => radio.checked);
    return chosen ? form.querySelector(`label[for="${chosen.id}"]`).textContent.trim() : "";
  }
  if (first.type === "checkbox") return first.checked ? form.querySelector(`label[for="${first.id}"]`).textContent.trim() : null;
  if (first.tagName === "SELECT") return first.value ? first.selectedOptions[0].textContent : "";
  return first.value.trim();
}

// ---------------------------------------------------------------- sending
function payload() {
  const value = (name) => fieldValue(name) || null;
  const lines = (name) =>
    fieldValue(name)
      .split("\n")
      .map((line) => line.trim())
      .filter(Boolean);
  const account = form.elements.has_account.value;
  const amount = value("amount_disputed.value");
  return {
    language: data.language,
    email: value("email"),
    has_account: account ? account === "true" : null,
    account_id: account === "true" ? value("account_id") : null,
    full_name: value("full_name"),
    country: value("country"),
    customer_type: value("customer_type"),
    category: value("category"),
    description: value("description"),
    incident_date: value("incident_date"),
    incident_time: value("incident_time"),
    transaction_ids: lines("transaction_ids"),
    ticket_ids: lines("ticket_ids"),
    people_involved: value("people_involved"),
    desired_resolution: value("desired_resolution"),
    actions_taken: value("actions_taken"),
    amount_disputed: amount ? { value: amount, currency: (value("amount_disputed.currency") || "").toUpperCase() } : null,
    phone: value("phone"),
    address: value("address"),
    representative: form.elements.representative.checked
      ? { name: value("representative.name"), email: value("representative.email"), capacity: value("representative.capacity") }
      : null,
    consent: form.elements.consent.checked,
    attachments: uploads.ready(),
  };
}

let sending = false;

async function send() {
  if (sending) return; // one complaint, one request at a time
  sending = true;
  sendButton.disabled = true;
  form.setAttribute("aria-busy", "true");
  announce(text.sending);
  const body = JSON.stringify(payload());
  // Every body tried under this key is kept with the draft: if an earlier one reached us and only
  // its answer was lost, the server refuses a changed one (409) and replays the stored answer.
  const earlier = state.tried.filter((tried) => tried !== body);
  state.tried = [...earlier, body].slice(-5);
  save();
  let answer = await post(body);
  let replayedEarlier = false;
  for (const tried of earlier.reverse()) {
    if (answer.status !== 409) break;
    answer = await post(tried);
    replayedEarlier = answer.status === 200 || answer.status === 201;
  }
  sending = false;
  sendButton.disabled = false;
  form.removeAttribute("aria-busy");
  settle(answer, replayedEarlier);
}

function post(body) {
  return callApi("/complaints", { method: "POST", body, headers: { "Idempotency-Key": state.key } });
}

function settle(answer, replayedEarlier) {
  if (answer.status === 200 || answer.status === 201) return succeed(answer.body, replayedEarlier);
  if (answer.status === 0) return errors.show([{ message: text.network_error }], { retry: true });
  const found = apiErrors(answer.body, text.network_error).map((error) => ({
    field: SHOWN_AT[error.field] || error.field,
    message: error.message,
  }));
  if (answer.status === 400) {
    const at = steps.findIndex((step) => found.some((error) => step.querySelector(`[data-field="${CSS.escape(error.field)}"]`)));
    if (at >= 0 && at !== state.step) show(at, { focus: false });
  }
  errors.show(found, { retry: answer.status >= 500 });
}

function succeed(receipt, replayedEarlier) {
  forget();
  for (const part of [form, draftBox, root.querySelector(".cf-progress"), errors.summary]) part.hidden = true;
  success.querySelector('[data-out="reference"]').textContent = receipt.reference;
  const token = success.querySelector('[data-out="tracking_token"]');
  token.textContent = receipt.tracking_token || "";
  token.parentElement.hidden = !receipt.tracking_token;
  for (const row of success.querySelectorAll("[data-row]")) {
    const when = receipt[row.dataset.row];
    row.hidden = !when;
    if (when) row.querySelector("dd").textContent = moment(when);
  }
  const link = success.querySelector("[data-track-link]");
  const query = `?reference=${encodeURIComponent(receipt.reference)}`;
  link.href = new URL(receipt.tracking_token ? `${query}#token=${encodeURIComponent(receipt.tracking_token)}` : query, link.href).href;
  success.querySelector("[data-already-received]").hidden = !replayedEarlier;
  success.hidden = false;
  success.querySelector("h2").focus();
}

// ---------------------------------------------------------------- wiring
form.addEventListener("submit", (event) => {
  event.preventDefault();
  const found = problems(steps[state.step]);
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

for (const box of form.querySelectorAll("[data-files]")) uploads.attach(box);

restore(state.values);
reveal();
root.hidden = false;
if (typed(state.values)) {
  draftBox.querySelector("[data-draft-status]").textContent = `${text.draft_restored} ${text.draft_notice}`;
  show(Math.min(state.step, steps.length - 1), { focus: false });
  announce(text.draft_restored);
} else show(0, { focus: false });

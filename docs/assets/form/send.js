// Sending, under one Idempotency-Key per complaint (a retry never files twice), and the receipt.

import { data, moment, callApi, apiErrors, lines } from "./common.js";

// Server fields that the form asks through one of their parts.
const SHOWN_AT = { amount_disputed: "amount_disputed.value", representative: "representative.name" };

export function payload(form, uploads) {
  const value = (name) => form.elements.namedItem(name).value.trim() || null;
  const list = (name) => lines(form.elements.namedItem(name).value.trim());
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
    transaction_ids: list("transaction_ids"),
    ticket_ids: list("ticket_ids"),
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

export async function deliver(state, body, save) {
  // If an earlier body reached us and only its answer was lost, the server refuses a changed
  // one (409): the earlier bodies, kept with the draft, get the stored answer replayed.
  const earlier = state.tried.filter((tried) => tried !== body);
  state.tried = [...earlier, body].slice(-5);
  save();
  const post = (sent) => callApi("/complaints", { method: "POST", body: sent, headers: { "Idempotency-Key": state.key } });
  let answer = await post(body);
  let replayedEarlier = false;
  for (const tried of earlier.reverse()) {
    if (answer.status !== 409) break;
    answer = await post(tried);
    replayedEarlier = answer.status === 200 || answer.status === 201;
  }
  return { answer, replayedEarlier };
}

export function fieldErrors(answer, fallback) {
  return apiErrors(answer.body, fallback).map((error) => ({ field: SHOWN_AT[error.field] || error.field, message: error.message }));
}

export function showReceipt(success, receipt, replayedEarlier) {
  success.querySelector('[data-out="reference"]').textContent = receipt.reference;
  // The code in groups of four, drawn apart by CSS: a copy (or a selection) keeps it whole.
  const token = success.querySelector('[data-out="tracking_token"]');
  const code = receipt.tracking_token || "";
  const groups = Array.from({ length: Math.ceil(code.length / 4) }, (_, at) => code.slice(4 * at, 4 * at + 4));
  token.replaceChildren(...groups.map((group) => Object.assign(document.createElement("span"), { textContent: group })));
  token.closest(".cf-token").hidden = !receipt.tracking_token;
  for (const row of success.querySelectorAll("[data-row]")) {
    const when = receipt[row.dataset.row];
    row.hidden = !when;
    if (when) row.querySelector("dd").textContent = moment(when);
  }
  const link = success.querySelector("[data-track-link]");
  const query = `?reference=${encodeURIComponent(receipt.reference)}`;
  link.href = new URL(receipt.tracking_token ? `${query}#token=${encodeURIComponent(receipt.tracking_token)}` : query, link.href).href;
  success.querySelector("[data-already-received]").hidden = !replayedEarlier;
}

// The track page (overrides/form/track_form.html): reference and tracking code give the status,
// deadlines, history and documents from GET /complaints/{reference}; a document the firm asked
// for (a power of attorney, new evidence) is sent from here. The link in our emails carries the
// reference in the query and the code in the fragment, which browsers never send to a server.

import { data, text, fill, message, moment, announce, ErrorDisplay, callApi, apiErrors } from "./common.js";
import { uploadFile } from "./files.js";

const root = document.querySelector("[data-track]");
const lookup = root.querySelector("[data-lookup]");
const result = root.querySelector("[data-result]");
const sender = root.querySelector("[data-send-document]");
const errors = new ErrorDisplay(root);
const REFERENCE = new RegExp(data.rules.patterns.reference, "u");
let shown = null; // {reference, token} of the complaint on screen

/** "abcd 2345" → "ABCD-2345", as the API writes references. */
function normalise(reference) {
  const plain = reference.toUpperCase().replace(/[\s-]/g, "");
  return `${plain.slice(0, 4)}-${plain.slice(4)}`;
}

function checkLookup() {
  const found = [];
  const reference = lookup.elements.reference.value.trim();
  const token = lookup.elements.token.value.trim();
  if (!reference) found.push({ field: "reference", message: text.reference_required });
  else if (!REFERENCE.test(normalise(reference))) found.push({ field: "reference", message: text.reference_invalid });
  if (!token) found.push({ field: "token", message: text.token_required });
  return found;
}

async function find({ focus = true } = {}) {
  const found = checkLookup();
  if (found.length) return errors.show(found);
  const reference = normalise(lookup.elements.reference.value.trim());
  const token = lookup.elements.token.value.trim();
  lookup.elements.reference.value = reference;
  announce(text.track_loading);
  const answer = await callApi(`/complaints/${encodeURIComponent(reference)}?token=${encodeURIComponent(token)}`);
  if (answer.status !== 200) {
    result.hidden = true;
    if (answer.status === 0) return errors.show([{ message: text.network_error }], { retry: true });
    // Unknown reference and wrong code are the same answer by design: point at both.
    return errors.show(apiErrors(answer.body, text.network_error).map((error) => ({ ...error, field: "reference" })));
  }
  errors.clear();
  shown = { reference, token };
  render(answer.body);
  if (focus) result.querySelector("h2").focus();
}

function render(complaint) {
  const out = (name, value) => (result.querySelector(`[data-out="${name}"]`).textContent = value);
  out("status", data.statuses[complaint.status] || complaint.status);
  out("outcome", data.outcomes[complaint.outcome] || "");
  result.querySelector("[data-answered]").hidden = !complaint.outcome;
  result.querySelector("[data-deadlines]").hidden = Boolean(complaint.outcome); // answered: no deadline left
  sender.hidden = complaint.status === "closed";
  out("reference", complaint.reference);
  out("category", data.categories[complaint.category] || complaint.category);
  out("received_at", moment(complaint.received_at));
  // Deadlines met or replaced (a holding reply set the answer date) are no longer news.
  const spent = { acknowledge_by: complaint.acknowledged_at, respond_by_extended: complaint.holding_reply_at };
  for (const row of result.querySelectorAll("[data-row]")) {
    const when = spent[row.dataset.row] ? null : complaint[row.dataset.row];
    row.hidden = !when;
    if (when) row.querySelector("dd").textContent = moment(when);
  }
  const history = result.querySelector("[data-history]");
  history.replaceChildren(
    ...complaint.history.map((step) => {
      const item = document.createElement("li");
      item.textContent = `${data.statuses[step.status] || step.status}${text.colon} ${moment(step.at)}`;
      return item;
    }),
  );
  const documents = complaint.attachments || [];
  result.querySelector("[data-documents]").hidden = !documents.length;
  result.querySelector("[data-document-list]").replaceChildren(
    ...documents.map((file) => {
      const item = document.createElement("li");
      const status = data.attachmentStatuses[file.status] || file.status;
      const reason = file.refusal ? ` (${data.attachmentRefusals[file.refusal] || file.refusal})` : "";
      item.textContent = `${text[`document_purpose_${file.purpose}`]}${text.colon} ${status}${reason}`;
      return item;
    }),
  );
  result.hidden = false;
}

async function sendDocument() {
  const file = sender.elements.upload_id.files[0];
  const purpose = sender.elements.purpose.value;
  const found = [];
  if (!purpose) found.push({ field: "purpose", message: message("purpose", "invalid") });
  if (!file) found.push({ field: "upload_id", message: text.send_document_required });
  if (found.length) return errors.show(found);
  errors.clear();
  const button = sender.querySelector("[data-send]");
  const bar = sender.querySelector("[data-progress]");
  const said = sender.querySelector("[data-document-result]");
  button.disabled = true;
  bar.hidden = false;
  try {
    const owner = { reference: shown.reference, token: shown.token };
    const uploadId = await uploadFile(file, purpose, owner, { onProgress: (percent) => (bar.value = percent) });
    const answer = await callApi(`/complaints/${encodeURIComponent(shown.reference)}/attachments`, {
      method: "POST",
      body: { language: data.language, token: shown.token, upload_id: uploadId, purpose },
    });
    if (answer.status !== 201) throw new Error(apiErrors(answer.body, fill(text.file_failed, { name: file.name }))[0].message);
    const refused = answer.body.status !== "received";
    const reason = data.attachmentRefusals[answer.body.refusal] || "";
    sender.reset();
    await find({ focus: false }); // the list of documents shows it before we say so
    said.textContent = fill(refused ? text.send_document_refused : text.send_document_sent, { name: file.name, reason });
  } catch (failure) {
    errors.show([{ field: "upload_id", message: failure.message }]);
  } finally {
    button.disabled = false;
    bar.hidden = true;
    bar.value = 0;
  }
}

lookup.addEventListener("submit", (event) => {
  event.preventDefault();
  find();
});
sender.addEventListener("submit", (event) => {
  event.preventDefault();
  sendDocument();
});
errors.retry.addEventListener("click", () => find());

root.hidden = false;
const fromLink = new URLSearchParams(location.search).get("reference");
const tokenFromLink = new URLSearchParams(location.hash.slice(1)).get("token");
if (fromLink) lookup.elements.reference.value = fromLink;
if (tokenFromLink) lookup.elements.token.value = tokenFromLink;
if (fromLink && tokenFromLink) find({ focus: false });

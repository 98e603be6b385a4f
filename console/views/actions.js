// Every action on a complaint as a form: the API's own checks answer (codes, shown as sentences
// beside their fields), and each letter can be previewed in the customer's language before it goes.

import { post, ref, remove } from "../api.js";
import { announce, h, replace, uid } from "../dom.js";
import { errorText, fieldName, label, t } from "../i18n.js";
import { isSupervisor } from "../session.js";
import { problemList } from "./common.js";

const allows = (...names) => (file) => names.some((name) => file.allowed_actions.includes(name));
const open = (file, config) => config.open_statuses.includes(file.status);
const TEXT = "text";
const LONG = "textarea";

// name, who may, when it is offered, its fields [name, kind], and where it goes when not the actions route.
const ACTIONS = [
  { name: "triage", when: (f, c) => open(f, c) && f.status !== "awaiting_approval",
    fields: [["admissible", "yesno"], ["inadmissible_reasons", LONG], ["severity", "choice"], ["complexity", "choice"], ["urgent", "checkbox"], ["authority", "choice"]] },
  { name: "assign", supervisor: true, when: open, fields: [["handler", TEXT]], path: (r) => `/staff/assignments/${r}` },
  { name: "start_investigation", when: allows("start_investigation"), fields: [] },
  { name: "request_information", when: allows("request_information"), fields: [["items", "items"], ["note", LONG]] },
  { name: "information_received", when: allows("information_received"), fields: [["authority_received", "checkbox"]] },
  { name: "holding_reply", when: allows("send_holding_reply"), fields: [["until", "date"], ["reason", LONG]] },
  { name: "escalate", when: allows("escalate"), fields: [["target", "choice"], ["reason", LONG]] },
  { name: "resume", when: allows("resume"), fields: [["reason", LONG]] },
  { name: "final_response", when: allows("send_final_response", "draft_final_response"),
    fields: [["outcome", "choice"], ["reasons", LONG], ["redress", LONG], ["basis", LONG], ["apology", LONG], ["comment", TEXT]] },
  { name: "approve", supervisor: true, when: (f) => f.status === "awaiting_approval", fields: [], path: (r) => `/staff/approvals/${r}/approve` },
  { name: "return", supervisor: true, when: (f) => f.status === "awaiting_approval", fields: [["reason", LONG]], path: (r) => `/staff/approvals/${r}/return` },
  { name: "refer", when: allows("refer"), fields: [["body", "remedy"]] },
  { name: "referral_result", when: allows("record_referral_result"), fields: [["result", LONG]] },
  { name: "close", when: allows("close"), fields: [["reason", LONG]] },
  { name: "corrective_action", when: () => true,
    fields: [["root_cause", LONG], ["immediate_action", LONG], ["preventive_action", LONG], ["owner", TEXT], ["due_on", "date"], ["done_on", "date"]] },
  { name: "place_legal_hold", supervisor: true, when: (f) => !(f.supervision && f.supervision.legal_hold), fields: [["reason", LONG]], path: (r) => `/staff/legal-holds/${r}` },
  { name: "lift_legal_hold", supervisor: true, when: (f) => Boolean(f.supervision && f.supervision.legal_hold), fields: [["reason", LONG]], path: (r) => `/staff/legal-holds/${r}`, method: "DELETE" },
];

function control(action, [name, kind], config, id) {
  const described = `${id}-error`;
  const common = { id, name, "aria-describedby": described };
  const message = h("span", { class: "field-error", id: described });
  const caption = fieldName(name);
  if (kind === "checkbox") {
    return h("p", { class: "choice" }, h("input", { ...common, type: "checkbox" }), h("label", { for: id }, caption), message);
  }
  if (kind === "items") {
    return h("fieldset", { id, "aria-describedby": described },
      h("legend", {}, caption),
      config.choices.items.map((item) => {
        const box = `${id}-${item}`;
        return h("p", { class: "choice" }, h("input", { type: "checkbox", id: box, name, value: item }), h("label", { for: box }, label("information_items", item)));
      }),
      message,
    );
  }
  let input;
  if (kind === LONG) input = h("textarea", { ...common, rows: 4 });
  else if (kind === "date") input = h("input", { ...common, type: "date" });
  else if (kind === "yesno") input = h("select", common, h("option", { value: "" }, t("actions.not_assessed")), h("option", { value: "true" }, t("yes")), h("option", { value: "false" }, t("no")));
  else if (kind === "choice" || kind === "remedy") {
    const codes = kind === "remedy" ? Object.keys(config.labels.en.remedies) : config.choices[name === "target" ? "target" : name];
    const kindLabels = { outcome: "outcomes", target: "escalation_targets", body: "remedies" };
    input = h("select", common,
      h("option", { value: "" }, t("actions.choose")),
      codes.map((code) => h("option", { value: code }, kindLabels[name] ? label(kindLabels[name], code) : t(`codes.${name}.${code}`))),
    );
  } else input = h("input", { ...common, type: "text", autocomplete: "off" });
  return h("p", {}, h("label", { for: id }, caption), input, message);
}

function bodyOf(form, action) {
  const data = new FormData(form);
  const body = {};
  for (const [name, kind] of action.fields) {
    if (kind === "checkbox") body[name] = form.elements[name].checked;
    else if (kind === "items") body[name] = data.getAll(name).map(String);
    else if (kind === "yesno") { if (data.get(name)) body[name] = data.get(name) === "true"; }
    else if (String(data.get(name) || "").trim()) body[name] = String(data.get(name));
  }
  return body;
}

function showErrors(form, place, errors) {
  for (const element of form.querySelectorAll("[aria-invalid]")) element.removeAttribute("aria-invalid");
  for (const message of form.querySelectorAll(".field-error")) message.textContent = "";
  for (const error of errors) {
    const field = error.field && form.querySelector(`[name="${CSS.escape(error.field)}"]`);
    const holder = field && (field.closest("fieldset[id]") || field);
    if (holder) {
      holder.setAttribute("aria-invalid", "true");
      const message = document.getElementById(holder.getAttribute("aria-describedby"));
      if (message) message.textContent = errorText(error);
    }
  }
  replace(place, problemList(errors));
}

function actionForm(file, action, config, done) {
  const key = action.name;
  const formId = uid(`action-${key}`);
  const place = h("div", { class: "outcome" });
  const preview = h("div", { class: "preview", "aria-live": "polite" });
  const path = action.path ? action.path(ref(file.reference)) : `/staff/complaints/${ref(file.reference)}/actions/${key}`;
  const form = h("form", { id: formId, class: `action action-${key}`, novalidate: true },
    action.fields.map((field) => control(action, field, config, `${formId}-${field[0]}`)),
    action.supervisor ? null : h("button", { type: "button", class: "secondary", "data-preview": key }, t("actions.preview")),
    h("button", { type: "submit" }, t(`actions.submit.${key}`)),
    preview,
    place,
  );
  const previewButton = form.querySelector("[data-preview]");
  if (previewButton) {
    previewButton.addEventListener("click", async () => {
      replace(place);
      try {
        const answer = await post(`/staff/complaints/${ref(file.reference)}/preview/${key}`, bodyOf(form, action));
        const letter = answer.letter;
        replace(preview, letter
          ? h("div", { class: "letter-preview" },
              h("h4", {}, t("actions.preview_title", { language: t(`languages.${letter.language}`) })),
              h("p", {}, h("strong", {}, t("file.letter_subject")), " ", letter.subject),
              h("p", {}, h("strong", {}, t("file.letter_to")), " ", letter.to.join(", ")),
              h("pre", { class: "letter-text", tabindex: "0", "aria-label": t("file.letter_text", { subject: letter.subject }) }, letter.text))
          : h("p", {}, t("actions.no_letter")));
        showErrors(form, place, []);
        replace(place);
      } catch (error) {
        replace(preview);
        showErrors(form, place, error.errors || []);
      }
    });
  }
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    const button = form.querySelector("button[type=submit]");
    button.disabled = true;
    try {
      const body = bodyOf(form, action);
      const updated = action.method === "DELETE" ? await remove(path, body) : await post(path, body);
      done(updated, t("actions.done", { action: t(`actions.name.${key}`), status: label("statuses", updated.status) }));
    } catch (error) {
      button.disabled = false;
      showErrors(form, place, error.errors || []);
      const first = form.querySelector('[aria-invalid="true"]') || place.querySelector(".problems");
      if (first) first.focus();
    }
  });
  return h("details", { class: "action-box", "data-action": key },
    h("summary", {}, t(`actions.name.${key}`)),
    h("p", { class: "hint" }, t(`actions.hint.${key}`)),
    form,
  );
}

export function actionForms(file, config, rerender) {
  const result = h("p", { class: "result", id: "action-result", tabindex: "-1", role: "status" });
  const done = (updated, message) => {
    rerender(updated);
    const notice = document.getElementById("action-result");
    notice.textContent = message;
    notice.focus();
    announce(message);
  };
  const offered = ACTIONS.filter((action) => (!action.supervisor || isSupervisor()) && action.when(file, config));
  return [
    result,
    offered.length ? offered.map((action) => actionForm(file, action, config, done)) : h("p", {}, t("actions.none")),
  ];
}

// A complaint's file (GET /staff/complaints/{ref}): what the customer wrote and asks for, the
// representative, attachments, deadlines, letters as sent, history, earlier complaints; then the
// actions the complaint's status allows (views/actions.js).

import { get, ref } from "../api.js";
import { screen } from "../route-state.js";
import { h, replace } from "../dom.js";
import { day, has, label, t, when } from "../i18n.js";
import { actionForms } from "./actions.js";
import { facts, problemList } from "./common.js";

function section(id, title, ...content) {
  return h("section", { "aria-labelledby": id }, h("h2", { id }, title), ...content);
}

function prose(text) {
  return text ? h("p", { class: "prose" }, text) : null;
}

function attachmentItem(file, attachment) {
  // A refused or missing file says so; a received one shows its malware scan's verdict.
  const state = attachment.status && attachment.status !== "received" ? attachment.status : attachment.scan;
  const status = h("span", { class: `scan scan-${state}` }, t(`scan.${state}`));
  const name = `${attachment.filename || attachment.upload_id}`;
  if (state !== "clean") return h("li", { "data-upload": attachment.upload_id }, name, " — ", status);
  const place = h("span");
  const open = h("button", {
    type: "button",
    class: "link",
    onclick: async () => {
      try {
        const link = await get(`/staff/complaints/${ref(file.reference)}/attachments/${ref(attachment.upload_id)}`);
        replace(place, h("a", { href: link.url, rel: "noopener noreferrer" }, t("file.download", { name: link.filename })), " ", t("file.link_expires"));
      } catch (error) {
        replace(place, problemList(error.errors || []));
      }
    },
  }, t("file.get_link", { name }));
  return h("li", { "data-upload": attachment.upload_id }, name, " — ", status, " ", open, " ", place);
}

function letterItem(letter) {
  return h("li", { class: "letter" },
    h("h3", {}, letter.subject),
    facts([
      [t("file.letter_kind"), t(`letters.${letter.kind}`)],
      [t("file.letter_state"), t(`letter_states.${letter.state}`)],
      [t("file.letter_sent"), letter.sent_at ? when(letter.sent_at) : null],
      [t("file.letter_to"), (letter.to || []).join(", ")],
      [t("file.letter_language"), t(`languages.${letter.language}`)],
    ]),
    h("pre", { class: "letter-text", tabindex: "0", "aria-label": t("file.letter_text", { subject: letter.subject }) }, letter.text || ""),
  );
}

function historyItem(event) {
  // The customer and the portal itself are named in words; a handler by their user name.
  const actor = has(`actors.${event.actor}`) ? t(`actors.${event.actor}`) : event.actor;
  const change = event.status_to && event.status_to !== event.status_from ? ` → ${label("statuses", event.status_to)}` : "";
  return h("li", {}, h("time", { datetime: event.at }, when(event.at)), ` — ${actor}: ${t(`events.${event.kind}`)}${change}`, event.reason ? h("span", { class: "prose" }, ` — ${event.reason}`) : null);
}

export async function showFile(main, reference, config) {
  const mine = screen();
  replace(main, h("h1", { tabindex: "-1" }, t("file.title", { reference })), h("p", {}, t("loading")));
  let file;
  try {
    file = await get(`/staff/complaints/${ref(reference)}`);
  } catch (error) {
    if (mine !== screen()) return;
    replace(main, h("h1", { tabindex: "-1" }, t("file.title", { reference })), problemList(error.errors || []));
    return;
  }
  if (mine === screen()) render(main, file, config);  // unless the reader has moved on
}

export function render(main, file, config) {
  const s = file.submission;
  const representative = s.representative;
  const draft = file.supervision && file.supervision.draft;
  replace(
    main,
    h("p", { class: "back" }, h("a", { href: "#/queue" }, t("file.back"))),
    h("h1", { tabindex: "-1" }, t("file.title", { reference: file.reference })),
    facts([
      [t("file.status"), label("statuses", file.status)],
      [t("file.category"), label("categories", s.category)],
      [t("file.received"), when(file.received_at)],
      [t("file.assigned"), file.assigned_to || t("queue.unassigned")],
      [t("file.language"), t(`languages.${s.language}`)],
      [t("file.urgent"), file.triage.urgent ? t("yes") : t("no")],
      [t("file.legal_hold"), file.supervision && file.supervision.legal_hold ? file.supervision.legal_hold.reason : null],
    ]),
    section("deadlines", t("file.deadlines"),
      facts([
        [t("file.answer_due"), when(file.answer_due)],
        ...Object.entries(file.pending_deadlines).map(([name, at]) => [t(`deadlines.${name}`), when(at)]),
      ]),
    ),
    section("customer", t("file.customer_wrote"),
      facts([
        [t("file.customer"), s.full_name],
        [t("file.email"), s.email],
        [t("file.customer_type"), t(`customer_types.${s.customer_type}`)],
        [t("file.account"), s.account_id],
        [t("file.incident"), [day(s.incident_date), s.incident_time].filter(Boolean).join(" ")],
        [t("file.amount"), s.amount_disputed ? `${s.amount_disputed.value} ${s.amount_disputed.currency}` : null],
        [t("file.transactions"), s.transaction_ids],
        [t("file.tickets"), s.ticket_ids],
      ]),
      h("h3", {}, t("file.description")), prose(s.description),
      h("h3", {}, t("file.asks_for")), prose(s.desired_resolution),
      s.actions_taken ? [h("h3", {}, t("file.actions_taken")), prose(s.actions_taken)] : null,
    ),
    section("representative", t("file.representative"),
      representative
        ? facts([
            [t("file.rep_name"), representative.name],
            [t("file.rep_email"), representative.email],
            [t("file.rep_capacity"), representative.capacity],
            [t("file.authority"), t(`codes.authority.${file.triage.authority}`)],
          ])
        : h("p", {}, t("file.no_representative")),
    ),
    section("attachments", t("file.attachments"),
      file.attachments.length ? h("ul", {}, file.attachments.map((a) => attachmentItem(file, a))) : h("p", {}, t("file.no_attachments")),
    ),
    draft
      ? section("draft", t("file.draft"),
          facts([
            [t("file.drafted_by"), draft.drafted_by],
            [t("fields.outcome"), label("outcomes", draft.response.outcome)],
            [t("fields.reasons"), draft.response.reasons],
            [t("fields.redress"), draft.response.redress],
            [t("fields.basis"), draft.response.basis],
            [t("fields.apology"), draft.response.apology],
          ]),
        )
      : null,
    section("actions", t("file.actions"), actionForms(file, config, (updated) => render(main, updated, config))),
    section("letters", t("file.letters"),
      file.letters.length ? h("ol", { class: "letters" }, file.letters.map(letterItem)) : h("p", {}, t("file.no_letters")),
    ),
    section("history", t("file.history"), h("ol", { class: "history" }, file.history.map(historyItem))),
    section("earlier", t("file.earlier"),
      file.earlier_complaints.length
        ? h("ul", {}, file.earlier_complaints.map((other) =>
            h("li", {}, h("a", { href: `#/complaints/${encodeURIComponent(other.reference)}` }, other.reference),
              ` — ${day(other.received_at)}, ${label("categories", other.category)}, ${label("statuses", other.status)}`,
              other.outcome ? `, ${label("outcomes", other.outcome)}` : ""),
          ))
        : h("p", {}, t("file.no_earlier")),
    ),
  );
}

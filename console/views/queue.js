// The queue: every open complaint by its next deadline (GET /staff/queue), filtered here.

import { get } from "../api.js";
import { screen } from "../route-state.js";
import { h, replace, announce } from "../dom.js";
import { day, label, t } from "../i18n.js";
import { currentMember } from "../session.js";
import { problemList } from "./common.js";

const FRESH = { status: "", category: "", assignee: "", urgent: false, overdue: false, mine: false, unassigned: false };
const filters = { ...FRESH, owner: null };

function matches(item) {
  const me = currentMember();
  if (filters.status && item.status !== filters.status) return false;
  if (filters.category && item.category !== filters.category) return false;
  if (filters.assignee && !(item.assigned_to || "").toLowerCase().includes(filters.assignee.toLowerCase())) return false;
  if (filters.urgent && !item.urgent) return false;
  if (filters.overdue && !item.overdue) return false;
  if (filters.mine && item.assigned_to !== (me && me.user)) return false;
  if (filters.unassigned && item.assigned_to) return false;
  return true;
}

function daysLeft(item) {
  if (item.overdue) return t("queue.overdue_by", { days: Math.abs(item.business_days_left) });
  return t("queue.days_left", { days: item.business_days_left });
}

function row(item) {
  return h("tr", { class: item.overdue ? "overdue" : item.urgent ? "urgent" : "" },
    h("th", { scope: "row" }, h("a", { href: `#/complaints/${encodeURIComponent(item.reference)}` }, item.reference)),
    h("td", {}, label("statuses", item.status)),
    h("td", {}, label("categories", item.category)),
    h("td", {}, item.assigned_to || t("queue.unassigned")),
    h("td", {}, t(`deadlines.${item.deadline}`)),
    h("td", {}, day(item.due_at)),
    h("td", {}, daysLeft(item)),
    h("td", {},
      item.overdue ? h("span", { class: "flag flag-overdue" }, t("queue.flag_overdue")) : null,
      item.urgent ? h("span", { class: "flag flag-urgent" }, t("queue.flag_urgent")) : null,
    ),
  );
}

function select(name, options, labelKind) {
  return h("p", {},
    h("label", { for: `filter-${name}` }, t(`queue.filter_${name}`)),
    h("select", { id: `filter-${name}`, name },
      h("option", { value: "" }, t("queue.all")),
      options.map((code) => h("option", { value: code, selected: filters[name] === code }, label(labelKind, code))),
    ),
  );
}

function checkbox(name) {
  return h("p", { class: "choice" },
    h("input", { type: "checkbox", id: `filter-${name}`, name, checked: filters[name] }),
    h("label", { for: `filter-${name}` }, t(`queue.filter_${name}`)),
  );
}

export async function showQueue(main, config) {
  const mine = screen();
  const me = currentMember();
  if (filters.owner !== me.user) Object.assign(filters, { ...FRESH, owner: me.user });  // each user starts afresh
  replace(main, h("h1", { tabindex: "-1" }, t("queue.title")), h("p", {}, t("loading")));
  let items;
  try {
    items = (await get("/staff/queue")).queue;
  } catch (error) {
    if (mine !== screen()) return;
    replace(main, h("h1", { tabindex: "-1" }, t("queue.title")), problemList(error.errors || []));
    return;
  }
  if (mine !== screen()) return;  // the reader has moved on
  const body = h("tbody");
  const count = h("p", { id: "queue-count" });
  const categories = Object.keys(config.labels.en.categories);
  const form = h("form", { class: "filters", id: "queue-filters", onsubmit: (event) => event.preventDefault() },
    h("fieldset", {},
      h("legend", {}, t("queue.filters")),
      select("status", config.open_statuses, "statuses"),
      select("category", categories, "categories"),
      h("p", {},
        h("label", { for: "filter-assignee" }, t("queue.filter_assignee")),
        h("input", { id: "filter-assignee", name: "assignee", value: filters.assignee, autocomplete: "off" }),
      ),
      ["urgent", "overdue", "mine", "unassigned"].map(checkbox),
    ),
  );
  const refresh = (tell) => {
    const shown = items.filter(matches);
    replace(body, shown.length ? shown.map(row) : h("tr", {}, h("td", { colspan: 8 }, t("queue.empty"))));
    count.textContent = t("queue.count", { shown: shown.length, total: items.length });
    if (tell) announce(count.textContent);
  };
  form.addEventListener("input", (event) => {
    const field = event.target;
    filters[field.name] = field.type === "checkbox" ? field.checked : field.value;
    refresh(true);
  });
  const table = h("div", { class: "scroll", role: "region", "aria-labelledby": "queue-caption", tabindex: "0" },
    h("table", { id: "queue" },
      h("caption", { id: "queue-caption" }, t("queue.caption")),
      h("thead", {}, h("tr", {},
        ["reference", "status", "category", "assignee", "deadline", "due", "left", "flags"].map((name) =>
          h("th", { scope: "col" }, t(`queue.column_${name}`)),
        ),
      )),
      body,
    ),
  );
  replace(main, h("h1", { tabindex: "-1" }, t("queue.title")), form, count, table);
  refresh(false);
}

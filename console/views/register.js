// The register (GET /staff/register): a period's complaints, figures by category, outcome and
// status as SVG charts, and the CSV export (format=csv) as a download.

import { get, getText } from "../api.js";
import { announce, h, replace } from "../dom.js";
import { screen } from "../route-state.js";
import { day, label, t } from "../i18n.js";
import { barChart } from "./charts.js";
import { facts, problemList } from "./common.js";

const iso = (date) => date.toISOString().slice(0, 10);
let period = null;
let download = null;

function chartBlock(key, counts, kind) {
  const entries = Object.entries(counts).map(([code, count]) => [code === "open" ? t("register.still_open") : label(kind, code), count]);
  const id = `chart-${key}`;
  return h("figure", { class: "chart-box" },
    h("figcaption", {}, t(`register.by_${key}`)),
    entries.length ? barChart(t(`register.by_${key}`), entries, id) : h("p", {}, t("register.nothing")),
    h("table", { class: "chart-table" },
      h("caption", { class: "visually-hidden" }, t(`register.by_${key}`)),
      h("thead", {}, h("tr", {}, h("th", { scope: "col" }, t(`register.column_${key}`)), h("th", { scope: "col" }, t("register.column_count")))),
      h("tbody", {}, entries.map(([name, count]) => h("tr", {}, h("th", { scope: "row" }, name), h("td", {}, count)))),
    ),
  );
}

export async function showRegister(main) {
  const mine = screen();
  if (!period) {
    const today = new Date();
    period = { from: iso(new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), 1))), to: iso(today) };
  }
  const results = h("div", { id: "register-results" });
  const csv = h("p", { class: "csv" });
  const form = h("form", { id: "register-period" },
    h("fieldset", {}, h("legend", {}, t("register.period")),
      h("p", {}, h("label", { for: "register-from" }, t("register.from")), h("input", { id: "register-from", name: "from", type: "date", value: period.from, required: true })),
      h("p", {}, h("label", { for: "register-to" }, t("register.to")), h("input", { id: "register-to", name: "to", type: "date", value: period.to, required: true })),
    ),
    h("button", { type: "submit" }, t("register.show")),
    h("button", { type: "button", id: "register-csv", class: "secondary" }, t("register.export")),
    csv,
  );
  const load = async () => {
    const query = `from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}`;
    try {
      const answer = await get(`/staff/register?${query}`);
      if (mine !== screen()) return;  // the reader has moved on
      const f = answer.figures;
      replace(results,
        h("h2", {}, t("register.figures", { from: day(answer.from), to: day(answer.to) })),
        facts([
          [t("register.complaints"), f.complaints],
          [t("register.median"), f.median_business_days_to_response ?? "—"],
          ...Object.entries(f.breaches).map(([step, count]) => [t(`register.breaches_${step}`), count]),
        ]),
        h("div", { class: "charts" },
          chartBlock("category", f.by_category, "categories"),
          chartBlock("outcome", f.by_outcome, "outcomes"),
          chartBlock("status", f.by_status, "statuses"),
        ),
        h("h2", {}, t("register.rows")),
        h("div", { class: "scroll", role: "region", "aria-labelledby": "register-caption", tabindex: "0" },
          h("table", { id: "register" },
            h("caption", { id: "register-caption" }, t("register.caption")),
            h("thead", {}, h("tr", {}, ["reference", "received_at", "category", "status", "outcome", "response"].map((name) => h("th", { scope: "col" }, t(`register.column_${name}`))))),
            h("tbody", {}, answer.rows.map((row) => h("tr", {},
              h("th", { scope: "row" }, h("a", { href: `#/complaints/${encodeURIComponent(row.reference)}` }, row.reference)),
              h("td", {}, day(row.received_at)),
              h("td", {}, label("categories", row.category)),
              h("td", {}, label("statuses", row.status)),
              h("td", {}, row.outcome ? label("outcomes", row.outcome) : "—"),
              h("td", {}, t(`register.met.${row.response}`)),
            ))),
          ),
        ),
      );
      announce(t("register.shown", { count: f.complaints }));
    } catch (error) {
      replace(results, problemList(error.errors || []));
    }
  };
  form.addEventListener("submit", async (event) => {
    event.preventDefault();
    period = { from: form.elements.from.value, to: form.elements.to.value };
    await load();
  });
  form.querySelector("#register-csv").addEventListener("click", async () => {
    period = { from: form.elements.from.value, to: form.elements.to.value };
    try {
      const text = await getText(`/staff/register?from=${encodeURIComponent(period.from)}&to=${encodeURIComponent(period.to)}&format=csv`);
      if (download) URL.revokeObjectURL(download);
      download = URL.createObjectURL(new Blob([text], { type: "text/csv;charset=utf-8" }));
      const name = `register-${period.from}-${period.to}.csv`;
      replace(csv, h("a", { href: download, download: name, id: "register-csv-file" }, t("register.download", { name })));
      csv.querySelector("a").focus();
    } catch (error) {
      replace(csv, problemList(error.errors || []));
    }
  });
  replace(main, h("h1", { tabindex: "-1" }, t("register.title")), form, results);
  await load();
}

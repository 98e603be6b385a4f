// The supervisors' queue of final responses awaiting approval (GET /staff/approvals), oldest first.

import { get } from "../api.js";
import { screen } from "../route-state.js";
import { h, replace } from "../dom.js";
import { day, label, t, when } from "../i18n.js";
import { problemList } from "./common.js";

export async function showApprovals(main) {
  const mine = screen();
  const title = h("h1", { tabindex: "-1" }, t("approvals.title"));
  replace(main, title, h("p", {}, t("loading")));
  let rows;
  try {
    rows = (await get("/staff/approvals")).approvals;
  } catch (error) {
    if (mine !== screen()) return;
    replace(main, title, problemList(error.errors || []));
    return;
  }
  if (mine !== screen()) return;  // the reader has moved on
  if (!rows.length) {
    replace(main, title, h("p", {}, t("approvals.empty")));
    return;
  }
  replace(main, title, h("p", {}, t("approvals.intro")),
    h("div", { class: "scroll", role: "region", "aria-labelledby": "approvals-caption", tabindex: "0" },
      h("table", { id: "approvals" },
        h("caption", { id: "approvals-caption" }, t("approvals.caption")),
        h("thead", {}, h("tr", {}, ["reference", "drafted_by", "drafted_at", "outcome", "answer_due", "assignee"].map((name) => h("th", { scope: "col" }, t(`approvals.column_${name}`))))),
        h("tbody", {}, rows.map((row) => h("tr", {},
          h("th", { scope: "row" }, h("a", { href: `#/complaints/${encodeURIComponent(row.reference)}` }, row.reference)),
          h("td", {}, row.drafted_by),
          h("td", {}, when(row.drafted_at)),
          h("td", {}, label("outcomes", row.outcome)),
          h("td", {}, day(row.answer_due)),
          h("td", {}, row.assigned_to || t("queue.unassigned")),
        ))),
      ),
    ),
  );
}

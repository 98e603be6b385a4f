// Pieces the screens share.

import { h } from "../dom.js";
import { errorText, t } from "../i18n.js";

/** The API's refusals as sentences, announced at once (role="alert"). */
export function problemList(errors, id = undefined) {
  return h("div", { class: "problems", role: "alert", id, tabindex: "-1" },
    h("p", {}, t("problem.refused")),
    h("ul", {}, errors.map((error) => h("li", {}, errorText(error)))),
  );
}

/** Term and description pairs, leaving out empty values. */
export function facts(pairs) {
  const shown = pairs.filter(([, value]) => value !== null && value !== undefined && value !== "" && !(Array.isArray(value) && !value.length));
  return h("dl", { class: "facts" }, shown.map(([term, value]) => [h("dt", {}, term), h("dd", {}, Array.isArray(value) ? value.join(", ") : value)]));
}

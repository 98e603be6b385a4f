// What the complaint form and the track page share: their data, messages in the reader's
// language, field errors with their summary, dates, and calls to the API.
// The page renders every word; this script only picks and fills them (overrides/form/).

export const data = JSON.parse(document.getElementById("form-data").textContent);
export const text = data.text;

/** "Step {n} of {total}" with {n: 2, total: 5} → "Step 2 of 5". Unknown names stay as they are. */
export function fill(template, values = {}) {
  return String(template).replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The non-blank lines of a list answer, trimmed (one transaction id a line). */
export function lines(value) {
  return value.split("\n").map((line) => line.trim()).filter(Boolean);
}

/** The API's message for a field and code (backend/chalicelib/i18n), as the server would say it. */
export function message(field, code, params = {}) {
  const own = (data.errors.fields[field] || {})[code];
  const generic = data.errors.generic[code] || data.errors.generic.invalid;
  return fill(own || generic, { label: data.labels[field] || field, ...params });
}

// British, not American, English, in GOV.UK's style: "Wednesday 2 December 2026 at 23:59" (CLDR's
// en-GB puts a comma after the weekday).
const LOCALE = data.language === "en" ? "en-GB" : data.language;

/** A deadline or event as the reader says it, in the firm's time zone, named (as the emails write it). */
export function moment(iso) {
  const when = new Intl.DateTimeFormat(LOCALE, { dateStyle: "full", timeStyle: "short", timeZone: data.timeZone });
  const said = when.format(new Date(iso));
  return `${LOCALE === "en-GB" ? said.replace(",", "") : said} ${fill(text.in_zone, { zone: data.timeZoneName })}`;
}

/** A date the reader typed (YYYY-MM-DD), as their language writes it: "3 November 2026". */
export function day(iso) {
  return new Intl.DateTimeFormat(LOCALE, { dateStyle: "long", timeZone: "UTC" }).format(new Date(`${iso}T00:00Z`));
}

/** Today's date (YYYY-MM-DD) in the firm's time zone, the server's "not in the future". */
export function today() {
  return new Intl.DateTimeFormat("en-CA", { timeZone: data.timeZone }).format(new Date());
}

const live = document.querySelector("[data-live]");

/** Says `words` to screen-reader users without moving their focus. */
export function announce(words) {
  live.textContent = "";
  setTimeout(() => (live.textContent = words), 60);
}

export function visible(element) {
  return !element.closest("[hidden]");
}

/** Not hidden by an answer (a part shown only for some answers), whichever step is on screen. */
export function revealed(element) {
  return !element.closest("[data-show-when][hidden]");
}

/** Shows errors at their fields and in the summary, then moves the focus to the summary.
 * `errors` are {field, message}; a field the page does not show goes to the summary only. */
export class ErrorDisplay {
  constructor(root) {
    this.root = root;
    this.summary = root.querySelector("[data-summary]");
    this.list = this.summary.querySelector("[data-summary-list]");
    this.retry = this.summary.querySelector("[data-retry]");
    this.list.addEventListener("click", (event) => {
      const link = event.target.closest("a");
      if (!link) return;
      event.preventDefault();
      const control = document.getElementById(link.hash.slice(1));
      control.focus();
      control.scrollIntoView({ block: "center" });
    });
  }

  clear() {
    this.summary.hidden = true;
    this.list.replaceChildren();
    if (this.retry) this.retry.hidden = true;
    for (const box of this.root.querySelectorAll("[data-field].cf-invalid")) this.clearField(box);
  }

  clearField(box) {
    box.classList.remove("cf-invalid");
    const error = box.querySelector(".cf-error");
    error.hidden = true;
    error.replaceChildren();
    for (const control of box.querySelectorAll("input, select, textarea")) {
      control.removeAttribute("aria-invalid");
      describe(control, error.id, false);
    }
    describe(box, error.id, false);
  }

  show(errors, { retry = false } = {}) {
    this.clear();
    for (const { field, message: words } of errors) {
      const box = field && this.root.querySelector(`[data-field="${CSS.escape(field)}"]`);
      const item = document.createElement("li");
      if (box && visible(box)) {
        const control = this.markField(box, words);
        const link = document.createElement("a");
        link.href = `#${control.id}`;
        link.textContent = words;
        item.append(link);
      } else {
        item.textContent = words;
      }
      this.list.append(item);
    }
    if (this.retry) this.retry.hidden = !retry;
    this.summary.hidden = false;
    this.summary.focus();
    this.summary.scrollIntoView({ block: "start" });
  }

  /** Marks one field; returns the control the summary's link leads to. */
  markField(box, words) {
    const error = box.querySelector(".cf-error");
    const prefix = document.createElement("span");
    prefix.className = "cf-visually-hidden";
    prefix.textContent = `${text.error_prefix} `;
    error.replaceChildren(prefix, words);
    error.hidden = false;
    box.classList.add("cf-invalid");
    const controls = [...box.querySelectorAll("input, select, textarea")].filter(visible);
    for (const control of controls) control.setAttribute("aria-invalid", "true");
    // A group of radios is described by its fieldset; a single control by itself.
    describe(box.matches("fieldset") ? box : controls[0], error.id, true);
    return controls[0];
  }
}

function describe(element, id, on) {
  const ids = new Set((element.getAttribute("aria-describedby") || "").split(" ").filter(Boolean));
  if (on) ids.add(id);
  else ids.delete(id);
  if (ids.size) element.setAttribute("aria-describedby", [...ids].join(" "));
  else element.removeAttribute("aria-describedby");
}

/** A call to the API: {status, body}, or status 0 when the network failed. */
export async function callApi(path, { method = "GET", body, headers = {} } = {}) {
  const options = { method, headers: { Accept: "application/json", "Accept-Language": data.language, ...headers } };
  if (body !== undefined) {
    options.headers["Content-Type"] = "application/json";
    options.body = typeof body === "string" ? body : JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(data.api + path, options);
  } catch {
    return { status: 0, body: null };
  }
  const answer = await response.json().catch(() => null);
  return { status: response.status, body: answer };
}

/** The API's errors as {field, message}; a request-level error has no field. */
export function apiErrors(answer, fallback) {
  const errors = (answer && answer.errors) || [];
  return errors.length ? errors.map((error) => ({ field: error.field, message: error.message })) : [{ message: fallback }];
}

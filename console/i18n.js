// The console's words (words/<language>.json) and the backend catalogues' labels (config.json).

let words = {};
let labels = {};
let current = "en";

export async function useLanguage(language, config) {
  const response = await fetch(`words/${language}.json`, { cache: "no-cache" });
  words = await response.json();
  labels = config.labels[language];
  current = language;
  document.documentElement.lang = language;
}

export function language() {
  return current;
}

/** The browser's first language the console speaks, unless the address names one (?lang=fr). */
export function chosenLanguage(supported) {
  const asked = new URLSearchParams(window.location.search).get("lang");
  if (supported.includes(asked)) return asked;
  for (const tag of navigator.languages || [navigator.language]) {
    const code = String(tag).slice(0, 2).toLowerCase();
    if (supported.includes(code)) return code;
  }
  return supported[0];
}

export function t(key, params = {}) {
  const found = key.split(".").reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), words);
  const text = typeof found === "string" ? found : key.split(".").pop();
  return text.replace(/\{(\w+)\}/g, (_, name) => (name in params ? String(params[name]) : `{${name}}`));
}

export function has(key) {
  return typeof key.split(".").reduce((node, part) => (node && typeof node === "object" ? node[part] : undefined), words) === "string";
}

/** A status, category, outcome… in the reader's language, from the backend's own catalogues. */
export function label(kind, code) {
  if (code === null || code === undefined || code === "") return "—";
  return (labels[kind] && labels[kind][code]) || (has(`codes.${kind}.${code}`) ? t(`codes.${kind}.${code}`) : code);
}

export function fieldName(field) {
  return has(`fields.${field}`) ? t(`fields.${field}`) : field;
}

/** One API error ({field, code, ...}) as a sentence. */
export function errorText(error) {
  const code = error.code || "unknown";
  const field = error.field ? fieldName(error.field) : null;
  if (has(`errors.${code}`)) return t(`errors.${code}`, { field: field || "", ...error });
  return field ? t("errors.field_other", { field, code }) : t("errors.other", { code });
}

export function when(iso) {
  if (!iso) return "—";
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return String(iso);
  return new Intl.DateTimeFormat(current, { dateStyle: "medium", timeStyle: "short" }).format(moment);
}

export function day(iso) {
  if (!iso) return "—";
  const moment = new Date(iso);
  if (Number.isNaN(moment.getTime())) return String(iso);
  return new Intl.DateTimeFormat(current, { dateStyle: "medium" }).format(moment);
}

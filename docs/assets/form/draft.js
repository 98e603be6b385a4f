// The draft kept on this device: answers, step, Idempotency-Key and the bodies tried under it.
// Storage may be refused (private browsing): the form then works without a draft.

const DRAFT = "complaint-draft";

export function fresh() {
  return { key: newKey(), step: 0, values: {}, tried: [] };
}

function newKey() {
  if (crypto.randomUUID) return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = [...bytes].map((byte) => byte.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export function load() {
  try {
    const kept = JSON.parse(localStorage.getItem(DRAFT));
    return kept && kept.key && Array.isArray(kept.tried) ? kept : null;
  } catch {
    return null; // blocked or damaged
  }
}

export function keep(state) {
  try {
    localStorage.setItem(DRAFT, JSON.stringify(state));
  } catch {
    // refused
  }
}

export function forget() {
  try {
    localStorage.removeItem(DRAFT);
  } catch {
    // nothing was kept
  }
}

function controls(form) {
  return [...form.querySelectorAll("input[name], select[name], textarea[name]")].filter(
    (control) => control.type !== "file" && control.type !== "hidden",
  );
}

export function snapshot(form) {
  const values = {};
  for (const control of controls(form)) {
    if (control.type === "radio") {
      if (control.checked) values[control.name] = control.value;
    } else values[control.name] = control.type === "checkbox" ? control.checked : control.value;
  }
  return values;
}

export function restore(form, values) {
  for (const control of controls(form)) {
    if (!(control.name in values)) continue;
    const value = values[control.name];
    if (control.type === "radio") control.checked = control.value === value;
    else if (control.type === "checkbox") control.checked = value === true;
    else control.value = value;
  }
}

/** Whether `values` hold anything the reader typed or chose, not only the form's defaults. */
export function typed(form, values) {
  return controls(form).some((control) => {
    if (!(control.name in values)) return false;
    const value = values[control.name];
    if (control.type === "radio") return value === control.value;
    return control.type === "checkbox" ? value === true : value !== control.defaultValue;
  });
}

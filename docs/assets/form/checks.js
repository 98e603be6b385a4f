// Each answer checked with the API's patterns and limits (data.rules, from domain/validation.py).

import { data, message, today, visible, lines } from "./common.js";

const rules = data.rules;
const PATTERN = Object.fromEntries(Object.entries(rules.patterns).map(([name, source]) => [name, new RegExp(source, "u")]));

// As the API reads it: tabs as spaces, trimmed, NFC; lengths in characters, not UTF-16 units.
export function clean(value) {
  return value.replaceAll("\t", " ").trim().normalize("NFC");
}

const size = (value) => [...value].length;

// A currency goes with an amount.
export function isNeeded(box) {
  const control = box.querySelector("input:not([type=file]), select, textarea");
  const amount = box.closest("form").elements.namedItem("amount_disputed.value");
  return control.required || (box.dataset.field === "amount_disputed.currency" && Boolean(amount.value.trim()));
}

// The message for a field's answer, or null when it is fine.
export function check(box) {
  const name = box.dataset.field;
  const parts = [...box.querySelectorAll("input, select, textarea")].filter((control) => control.type !== "file");
  if (!parts.length) return null;
  const [first] = parts;
  if (first.type === "radio") return first.required && !parts.some((radio) => radio.checked) ? message(name, "required") : null;
  if (first.type === "checkbox") return first.required && !first.checked ? message(name, "required") : null;
  return checkAnswer(name, first.value, isNeeded(box));
}

export function checkAnswer(name, answer, needed) {
  const value = clean(answer);
  if (!value) return needed ? message(name, "required") : null;
  const max = rules.max_length[name];
  if (max && size(value) > max) return message(name, "too_long", { max });
  return checkValue(name, value);
}

function checkValue(name, value) {
  const fails = (test, code = "invalid", params = {}) => (test ? message(name, code, params) : null);
  switch (name) {
    case "email":
    case "representative.email":
      return fails(!PATTERN.email.test(value));
    case "description":
      return fails(size(value) < rules.min_description, "too_short", { min: rules.min_description });
    case "incident_date":
      if (!PATTERN.date.test(value) || !isCalendarDate(value)) return message(name, "invalid");
      return fails(value > today(), "future") || fails(value < rules.earliest_incident, "too_old");
    case "incident_time":
      return fails(!PATTERN.time.test(value));
    case "phone":
      return fails(!PATTERN.phone.test(value));
    case "amount_disputed.value": {
      let amount = value.replaceAll(" ", "");
      if (amount.includes(",") && !amount.includes(".")) amount = amount.replaceAll(",", "."); // 123,45
      return fails(!PATTERN.amount.test(amount) || Number(amount) <= 0);
    }
    case "amount_disputed.currency":
      return fails(!PATTERN.currency.test(value.toUpperCase()));
    case "transaction_ids":
    case "ticket_ids": {
      const items = [...new Set(lines(value).map(clean))]; // a repeat counts once
      const longest = rules.max_length.list_item;
      return (
        fails(items.length > rules.max_list_items, "too_many", { max: rules.max_list_items }) ||
        fails(items.some((item) => size(item) > longest), "item_too_long", { max: longest })
      );
    }
    default:
      return null;
  }
}

// "2026-02-30" has the shape of a date but is none.
function isCalendarDate(value) {
  const day = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(day.getTime()) && day.toISOString().startsWith(value);
}

export function problems(step) {
  const found = [];
  for (const box of step.querySelectorAll("[data-field]")) {
    if (!visible(box)) continue;
    const words = check(box);
    if (words) found.push({ field: box.dataset.field, message: words });
  }
  return found;
}

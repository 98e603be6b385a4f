// The review step: each step's answers, with a button to change them.

import { data, text, revealed, day } from "./common.js";

export function review(form, steps, uploads, change) {
  const box = form.querySelector("[data-review]");
  box.replaceChildren();
  steps.slice(0, -1).forEach((step, index) => {
    const name = step.querySelector("[data-step-name]").textContent;
    const heading = document.createElement("h3");
    heading.textContent = name;
    const list = document.createElement("dl");
    for (const field of step.querySelectorAll("[data-field]")) {
      const answer = revealed(field) && answerOf(form, field, uploads);
      if (answer === false || answer === null) continue;
      const term = document.createElement("dt");
      term.textContent = data.labels[field.dataset.field] || field.querySelector("legend").textContent.trim();
      const detail = document.createElement("dd");
      detail.textContent = answer || text.not_given;
      list.append(term, detail);
    }
    const button = document.createElement("button");
    button.type = "button";
    button.className = "md-button cf-small";
    button.textContent = `${text.change} `;
    const which = document.createElement("span");
    which.className = "cf-visually-hidden";
    which.textContent = name;
    button.append(which);
    button.addEventListener("click", () => change(index));
    box.append(heading, list, button);
  });
}

/** The answer as the reader gave it, "" when left empty, null when there is nothing to show. */
function answerOf(form, field, uploads) {
  if (field.dataset.files) return uploads.names(field.dataset.files).join(", ") || text.files_none;
  const parts = [...field.querySelectorAll("input, select, textarea")];
  if (!parts.length) return null;
  const [first] = parts;
  if (first.type === "radio") {
    const chosen = parts.find((radio) => radio.checked);
    return chosen ? form.querySelector(`label[for="${chosen.id}"]`).textContent.trim() : "";
  }
  if (first.type === "checkbox") return first.checked ? form.querySelector(`label[for="${first.id}"]`).textContent.trim() : null;
  if (first.tagName === "SELECT") return first.value ? first.selectedOptions[0].textContent : "";
  if (first.type === "date" && first.value) return day(first.value);
  return first.value.trim();
}

// Files go from the browser straight to storage through a short-lived presigned upload that the
// API grants (POST /uploads): the API never carries file bytes, and checks each file's content
// when the complaint is filed. The limits come from the backend (form.files in hooks/form.py).

import { data, text, fill, callApi, apiErrors, announce, revealed } from "./common.js";

const rules = data.files;
const BY_EXTENSION = { pdf: "application/pdf", png: "image/png", jpg: "image/jpeg", jpeg: "image/jpeg", txt: "text/plain" };

/** The type to declare: the browser's, else the name's. The server decides by content anyway. */
export function declaredType(file) {
  if (rules.types.includes(file.type)) return file.type;
  return BY_EXTENSION[file.name.split(".").pop().toLowerCase()] || null;
}

export function limits(name) {
  return { name, ...rules };
}

/** Asks for a presigned upload, then PUTs the bytes, reporting progress (0-100).
 * Resolves to the upload id; rejects with an Error whose message is for the customer. */
export async function uploadFile(file, purpose, owner, { onProgress = () => {}, onStart = () => {} } = {}) {
  const granted = await callApi("/uploads", {
    method: "POST",
    body: { language: data.language, ...owner, filename: file.name, content_type: declaredType(file), size: file.size, purpose },
  });
  if (granted.status !== 201) {
    const words = granted.status === 0 ? fill(text.file_failed, { name: file.name }) : apiErrors(granted.body, "")[0].message;
    throw new Error(words || fill(text.file_failed, { name: file.name }));
  }
  const upload = granted.body;
  await new Promise((resolve, reject) => {
    const request = new XMLHttpRequest();
    onStart(request);
    request.open(upload.method, upload.url);
    for (const [name, value] of Object.entries(upload.headers || {})) request.setRequestHeader(name, value);
    request.upload.addEventListener("progress", (event) => {
      if (event.lengthComputable) onProgress(Math.round((100 * event.loaded) / event.total));
    });
    request.addEventListener("load", () => (request.status < 300 ? resolve() : reject(new Error())));
    request.addEventListener("error", () => reject(new Error()));
    request.addEventListener("abort", () => reject(new Error()));
    request.send(file);
  }).catch(() => {
    throw new Error(fill(text.file_failed, { name: file.name }));
  });
  onProgress(100);
  return upload.upload_id;
}

/** The files of one complaint form, across its file boxes (evidence, power of attorney). Each file
 * is uploaded as soon as it is chosen; the form sends only the upload ids. */
export class Uploads {
  constructor(owner, errors) {
    this.owner = owner; // () => {submission_key} for a complaint being written
    this.errors = errors;
    this.items = [];
  }

  attach(box) {
    const input = box.querySelector("input[type=file]");
    input.addEventListener("change", () => {
      this.errors.clearField(box);
      for (const file of input.files) this.add(file, box);
      input.value = "";
    });
  }

  problem(file) {
    const kept = this.items.filter((item) => item.state !== "failed");
    const values = limits(file.name);
    if (!declaredType(file)) return fill(text.file_wrong_type, values);
    if (file.size > rules.max_file_bytes) return fill(text.file_too_large, values);
    if (kept.length >= rules.max_files) return fill(text.file_too_many, values);
    const total = kept.reduce((sum, item) => sum + item.file.size, file.size);
    if (total > rules.max_total_bytes) return fill(text.file_total_too_large, values);
    return null;
  }

  async add(file, box) {
    const problem = this.problem(file);
    if (problem) {
      this.errors.markField(box, problem);
      announce(problem);
      return;
    }
    const item = { file, box, purpose: box.dataset.files, state: "uploading", request: null, id: null };
    item.row = this.row(item, box);
    this.items.push(item);
    try {
      item.id = await uploadFile(file, item.purpose, this.owner(), {
        onStart: (request) => (item.request = request),
        onProgress: (percent) => this.progress(item, percent),
      });
      item.state = item.row.dataset.state = "ready";
      item.status.textContent = fill(text.file_ready, { name: file.name });
      item.bar.hidden = true;
      announce(item.status.textContent);
    } catch (failure) {
      if (!this.items.includes(item)) return; // removed while it was sending
      item.state = item.row.dataset.state = "failed";
      item.status.textContent = failure.message;
      item.bar.hidden = true;
      item.row.classList.add("cf-file-failed");
      announce(failure.message);
    }
  }

  row(item, box) {
    const row = document.createElement("li");
    row.dataset.state = item.state;
    item.status = document.createElement("span");
    item.bar = document.createElement("progress");
    item.bar.max = 100;
    item.bar.value = 0;
    item.bar.setAttribute("aria-label", item.file.name);
    const remove = document.createElement("button");
    remove.type = "button";
    remove.className = "md-button cf-small";
    remove.textContent = fill(text.file_remove, { name: item.file.name });
    remove.addEventListener("click", () => this.remove(item, box));
    row.append(item.status, item.bar, remove);
    box.querySelector("[data-file-list]").append(row);
    this.progress(item, 0);
    return row;
  }

  progress(item, percent) {
    item.bar.value = percent;
    if (item.state === "uploading") item.status.textContent = fill(text.file_uploading, { name: item.file.name, percent });
  }

  remove(item, box) {
    this.items = this.items.filter((other) => other !== item);
    if (item.request && item.state === "uploading") item.request.abort();
    item.row.remove();
    this.errors.clearField(box);
    box.querySelector("input[type=file]").focus();
    announce(fill(text.file_removed, { name: item.file.name }));
  }

  // A box the reader hid (no longer acting for someone) takes its files out of the complaint.
  sent() {
    return this.items.filter((item) => revealed(item.box));
  }

  busy() {
    return this.sent().some((item) => item.state === "uploading");
  }

  /** What the submission lists: the files that reached storage. */
  ready() {
    return this.sent()
      .filter((item) => item.state === "ready")
      .map((item) => ({ upload_id: item.id, purpose: item.purpose }));
  }

  names(purpose) {
    return this.sent()
      .filter((item) => item.purpose === purpose && item.state === "ready")
      .map((item) => item.file.name);
  }

  clear() {
    for (const item of this.items) item.row.remove();
    this.items = [];
  }
}

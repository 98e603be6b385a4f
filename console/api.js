// Calls to the staff API (CONTRACT.md section 3) with the in-memory token. Errors come back as
// codes ({field, code}); the screens turn them into words (i18n.errorText).

import { accessToken, end } from "./session.js";

let base = "";

export function useApi(address) {
  base = address;
}

export class ApiError extends Error {
  constructor(status, errors) {
    super(errors.map((error) => `${error.field || "request"}: ${error.code}`).join(", "));
    this.status = status;
    this.errors = errors;
  }
}

async function send(path, { method = "GET", body = undefined, text = false } = {}) {
  const headers = { Authorization: `Bearer ${accessToken()}` };
  if (body !== undefined) headers["Content-Type"] = "application/json";
  let response;
  try {
    response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      cache: "no-store",
      credentials: "omit",
    });
  } catch {
    // The gateway's own refusals (a token or role it does not accept) carry no CORS headers.
    throw new ApiError(0, [{ field: null, code: "refused_or_unreachable" }]);
  }
  if (response.status === 401) {
    end("expired");
    throw new ApiError(401, [{ field: null, code: "signed_out" }]);
  }
  if (!response.ok) {
    const answer = await response.json().catch(() => ({}));
    const fallback = response.status === 403 ? "role_not_allowed" : "unavailable";
    throw new ApiError(response.status, Array.isArray(answer.errors) ? answer.errors : [{ field: null, code: fallback }]);
  }
  return text ? response.text() : response.json();
}

export const get = (path) => send(path);
export const getText = (path) => send(path, { text: true });
export const post = (path, body = {}) => send(path, { method: "POST", body });
export const remove = (path, body = {}) => send(path, { method: "DELETE", body });
export const ref = (reference) => encodeURIComponent(reference);

// Who is signed in. The access token lives in this module's memory only: never in localStorage,
// sessionStorage or a cookie, so closing or reloading the tab signs out. Idle for `idle_minutes`,
// or past the token's expiry, and the session ends.

let token = null;
let member = null;
let idleTimer = 0;
let expiryTimer = 0;
let idleMillis = 15 * 60 * 1000;
let ended = () => {};
const ACTIVITY = ["keydown", "pointerdown", "input", "wheel"];

function claims(accessToken) {
  const payload = accessToken.split(".")[1].replace(/-/g, "+").replace(/_/g, "/");
  const text = new TextDecoder().decode(Uint8Array.from(atob(payload), (char) => char.charCodeAt(0)));
  const values = JSON.parse(text);
  const groups = Array.isArray(values["cognito:groups"]) ? values["cognito:groups"] : [];
  return {
    user: String(values.username || values.sub),
    // For what the screens offer only: the API checks the role on every call.
    role: groups.includes("supervisor") ? "supervisor" : "handler",
    expires: Number(values.exp) * 1000,
  };
}

function touch() {
  window.clearTimeout(idleTimer);
  if (token) idleTimer = window.setTimeout(() => end("idle"), idleMillis);
}

export function begin(accessToken, idleMinutes, onEnd) {
  token = accessToken;
  member = claims(accessToken);
  idleMillis = idleMinutes * 60 * 1000;
  ended = onEnd;
  for (const kind of ACTIVITY) window.addEventListener(kind, touch, { passive: true });
  touch();
  window.clearTimeout(expiryTimer);
  expiryTimer = window.setTimeout(() => end("expired"), Math.max(0, member.expires - Date.now()));
}

export function end(reason) {
  if (!token) return;
  token = null;
  member = null;
  window.clearTimeout(idleTimer);
  window.clearTimeout(expiryTimer);
  for (const kind of ACTIVITY) window.removeEventListener(kind, touch);
  ended(reason);
}

export function accessToken() {
  return token;
}

export function currentMember() {
  return member;
}

export function isSupervisor() {
  return Boolean(member && member.role === "supervisor");
}

// ---------------------------------------------------------------- development sign-in (make run)

/** A short-lived token from the local site server (devstack/site.py); nothing answers this in AWS. */
export async function developmentSignIn(user, role) {
  const response = await fetch("dev-sign-in", {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ user, role }),
    cache: "no-store",
  });
  const answer = await response.json().catch(() => ({}));
  if (!response.ok || !answer.access_token) throw new Error(answer.error || "refused");
  return answer.access_token;
}

// ---------------------------------------------------------------- Cognito: authorization code + PKCE

const PENDING = "console-sign-in";  // the verifier and state, for the one round trip to the hosted UI

function base64url(bytes) {
  return btoa(String.fromCharCode(...bytes)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
}

function randomText(size) {
  return base64url(crypto.getRandomValues(new Uint8Array(size)));
}

function redirectUri() {
  return `${window.location.origin}${window.location.pathname}`;
}

export async function cognitoSignIn(settings, language) {
  const verifier = randomText(48);
  const state = randomText(24);
  const challenge = base64url(new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(verifier))));
  // Not a token: a one-time secret that must survive the redirect, dropped as soon as it is used.
  window.sessionStorage.setItem(PENDING, JSON.stringify({ verifier, state }));
  const query = new URLSearchParams({
    response_type: "code",
    client_id: settings.client_id,
    redirect_uri: redirectUri(),
    scope: "openid",
    state,
    code_challenge_method: "S256",
    code_challenge: challenge,
    lang: language,
  });
  window.location.assign(`${settings.domain}/oauth2/authorize?${query}`);
}

/** The access token for the code the hosted UI sent back, or null when this is no such return. */
export async function cognitoReturn(settings) {
  const query = new URLSearchParams(window.location.search);
  const code = query.get("code");
  const pending = JSON.parse(window.sessionStorage.getItem(PENDING) || "null");
  if (!code) return null;
  window.sessionStorage.removeItem(PENDING);
  const clean = new URLSearchParams(query);
  for (const name of ["code", "state", "error", "error_description"]) clean.delete(name);
  window.history.replaceState(null, "", `${redirectUri()}${clean.size ? `?${clean}` : ""}${window.location.hash}`);
  if (!pending || pending.state !== query.get("state")) throw new Error("state");
  const response = await fetch(`${settings.domain}/oauth2/token`, {
    method: "POST",
    headers: { "Content-Type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({
      grant_type: "authorization_code",
      client_id: settings.client_id,
      code,
      redirect_uri: redirectUri(),
      code_verifier: pending.verifier,
    }),
  });
  const answer = await response.json();
  if (!response.ok || !answer.access_token) throw new Error(answer.error || "refused");
  return answer.access_token;
}

/** Ends the hosted pages' own session as well, then comes back to the console signed out. */
export function cognitoSignOut(settings) {
  const query = new URLSearchParams({ client_id: settings.client_id, logout_uri: redirectUri() });
  window.location.assign(`${settings.domain}/logout?${query}`);
}

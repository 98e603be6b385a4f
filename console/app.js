// The handlers' console: sign-in, the header, and one screen per address (#/queue, #/complaints/REF,
// #/approvals, #/register). design/console.md says what each screen calls.

import { useApi } from "./api.js";
import { h, replace, announce } from "./dom.js";
import { chosenLanguage, language, t, useLanguage } from "./i18n.js";
import * as session from "./session.js";
import { nextScreen, screen as currentScreen } from "./route-state.js";
import { showApprovals } from "./views/approvals.js";
import { showFile } from "./views/file.js";
import { showQueue } from "./views/queue.js";
import { showRegister } from "./views/register.js";

const main = document.getElementById("main");
const bar = document.getElementById("bar");
let config = null;
let farewell = "";

function header() {
  const member = session.currentMember();
  const links = member
    ? h(
        "nav",
        { "aria-label": t("nav.label") },
        h("ul", {},
          h("li", {}, h("a", { href: "#/queue" }, t("nav.queue"))),
          member.role === "supervisor" ? h("li", {}, h("a", { href: "#/approvals" }, t("nav.approvals"))) : null,
          h("li", {}, h("a", { href: "#/register" }, t("nav.register"))),
        ),
      )
    : null;
  const chooser = h(
    "select",
    { id: "language", onchange: (event) => switchLanguage(event.target.value) },
    config.languages.map((code) => h("option", { value: code, selected: code === language() }, t(`languages.${code}`))),
  );
  replace(
    bar,
    h("p", { class: "brand" }, t("title")),
    links,
    h("div", { class: "tools" },
      h("label", { for: "language" }, t("nav.language")),
      chooser,
      member ? h("span", { class: "who" }, t("nav.signed_in_as", { user: member.user, role: t(`roles.${member.role}`) })) : null,
      member ? h("button", { type: "button", id: "sign-out", onclick: signOut }, t("nav.sign_out")) : null,
    ),
  );
  document.getElementById("skip").textContent = t("skip");
}

function signOut() {
  session.end("signed_out");
  if (config.sign_in.kind === "cognito") session.cognitoSignOut(config.sign_in);  // the hosted pages' session too
}

async function switchLanguage(code) {
  await useLanguage(code, config);
  const query = new URLSearchParams(window.location.search);
  query.set("lang", code);
  window.history.replaceState(null, "", `?${query}${window.location.hash}`);
  header();
  await route();
  document.getElementById("language").focus();
}

function heading(text) {
  return h("h1", { tabindex: "-1" }, text);
}

function signInScreen() {
  document.title = `${t("sign_in.title")} · ${t("title")}`;
  const notice = farewell ? h("p", { class: "notice", role: "alert" }, t(`sign_in.ended.${farewell}`)) : null;
  const kind = config.sign_in.kind;
  let body;
  if (kind === "development") {
    const problem = h("p", { class: "error", id: "sign-in-problem", role: "alert", hidden: true });
    body = h(
      "form",
      {
        id: "dev-sign-in",
        onsubmit: async (event) => {
          event.preventDefault();
          const form = new FormData(event.target);
          try {
            const token = await session.developmentSignIn(String(form.get("user")).trim(), String(form.get("role")));
            started(token);
          } catch {
            problem.hidden = false;
            problem.textContent = t("sign_in.refused");
          }
        },
      },
      h("p", {}, t("sign_in.development")),
      h("p", {},
        h("label", { for: "user" }, t("sign_in.user")),
        h("input", { id: "user", name: "user", required: true, value: "alice", autocomplete: "username", pattern: "[A-Za-z0-9._@-]{1,64}" }),
      ),
      h("fieldset", {},
        h("legend", {}, t("sign_in.role")),
        ["handler", "supervisor"].map((role) =>
          h("p", { class: "choice" },
            h("input", { type: "radio", name: "role", id: `role-${role}`, value: role, checked: role === "handler" }),
            h("label", { for: `role-${role}` }, t(`roles.${role}`)),
          ),
        ),
      ),
      problem,
      h("button", { type: "submit" }, t("sign_in.submit")),
    );
  } else if (kind === "cognito") {
    body = h("p", {}, h("button", { type: "button", id: "cognito-sign-in", onclick: () => session.cognitoSignIn(config.sign_in, language()) }, t("sign_in.cognito")));
  } else {
    body = h("p", {}, t("sign_in.unavailable"));
  }
  replace(main, heading(t("sign_in.title")), notice, body);
}

function started(token) {
  farewell = "";
  session.begin(token, config.idle_minutes, (reason) => {
    farewell = reason;
    header();
    route();
  });
  header();
  if (!window.location.hash || window.location.hash === "#/") window.location.hash = "#/queue";
  else route();
}

async function route() {
  const mine = nextScreen();
  if (!session.accessToken()) {
    signInScreen();
    focusHeading();
    return;
  }
  const path = decodeURIComponent(window.location.hash.replace(/^#/, "")) || "/queue";
  const [, screen, reference] = path.split("/");
  const titles = { queue: "queue.title", complaints: "file.title", approvals: "approvals.title", register: "register.title" };
  document.title = `${t(titles[screen] || "queue.title", { reference: reference || "" })} · ${t("title")}`;
  try {
    if (screen === "complaints" && reference) await showFile(main, reference, config);
    else if (screen === "approvals") await showApprovals(main, config);
    else if (screen === "register") await showRegister(main, config);
    else await showQueue(main, config);
  } catch (error) {
    replace(main, heading(t("problem.title")), h("p", { role: "alert" }, t("problem.text")));
    console.warn(error);
  }
  if (session.accessToken() && mine === currentScreen()) focusHeading();
}

function focusHeading() {
  const title = main.querySelector("h1");
  if (title) title.focus();
}

async function start() {
  config = await (await fetch("config.json", { cache: "no-cache" })).json();
  useApi(config.api);
  await useLanguage(chosenLanguage(config.languages), config);
  window.addEventListener("hashchange", route);
  header();
  if (config.sign_in.kind === "cognito") {
    try {
      const token = await session.cognitoReturn(config.sign_in);
      if (token) {
        started(token);
        return;
      }
    } catch {
      farewell = "refused";
    }
  }
  await route();
  announce(t("title"));
}

start();

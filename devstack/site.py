"""Builds the guide with MkDocs and serves the built files with the production headers."""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from chalicelib.cli.dev_tokens import DEV_KEY_DESCRIPTION, mint

from .addresses import HOST
from .site_headers import security_headers

ROOT = Path(__file__).resolve().parent.parent
DEV_SIGN_IN = "/staff/dev-sign-in"  # local only: nothing in infra/ serves or knows it
DEV_TOKEN_SECONDS = 3600
USER_NAME = re.compile(r"[A-Za-z0-9._@-]{1,64}")
ROLES = ("handler", "supervisor")


def build_site(api_url: str, site_url: str, out_dir: Path) -> Path:
    """`mkdocs build --strict` with the form pointed at `api_url`."""
    env = {**os.environ, "COMPLAINT_API": api_url, "SITE_URL": site_url + "/", "NO_MKDOCS_2_WARNING": "1"}
    env["CONSOLE_SIGN_IN"] = "development"  # the console offers the local sign-in below (overrides/hooks/console.py)
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out_dir)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return out_dir


class _Handler(SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}
    signing_key: ClassVar[Path | None] = None  # the local stack's staff key: enables the dev sign-in
    origin: ClassVar[str] = ""

    def end_headers(self) -> None:
        for name, value in self.extra_headers.items():
            self.send_header(name, value)
        self.send_header("Cache-Control", "no-cache")
        super().end_headers()

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        page = Path(self.directory) / "404.html"
        if code == 404 and page.exists():  # the site's own 404 page, as CloudFront serves it
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def do_POST(self) -> None:
        """The console's development sign-in: a short-lived staff token for a user and role of your
        choice, signed with the local stack's development key. Same-origin JSON requests only."""
        if self.path != DEV_SIGN_IN or self.signing_key is None:
            self.send_error(404)
            return
        length = int(self.headers.get("Content-Length") or 0)
        same_origin = self.headers.get("Origin") in (None, self.origin)
        is_json = (self.headers.get("Content-Type") or "").split(";")[0].strip() == "application/json"
        try:
            asked = json.loads(self.rfile.read(min(length, 4096)) or b"{}") if same_origin and is_json else None
        except ValueError:
            asked = None
        user, role = (asked.get("user"), asked.get("role")) if isinstance(asked, dict) else (None, None)
        if not isinstance(user, str) or not USER_NAME.fullmatch(user) or role not in ROLES:
            self._json(400, {"error": "invalid"})
            return
        about = json.loads(self.signing_key.with_name(DEV_KEY_DESCRIPTION).read_text())
        token = mint(
            self.signing_key.read_bytes(),
            about["key_id"],
            about["issuer"],
            about["client_id"],
            user,
            str(role),
            lifetime_seconds=DEV_TOKEN_SECONDS,
        )
        self._json(200, {"access_token": token, "token_type": "Bearer", "expires_in": DEV_TOKEN_SECONDS})

    def _json(self, status: int, body: dict[str, Any]) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)


def serve_site(
    directory: Path, port: int, api_origin: str, upload_origin: str, signing_key: Path | None = None
) -> ThreadingHTTPServer:
    """`signing_key`: the development staff key, for the console's local sign-in (none: no sign-in)."""
    settings = {
        "extra_headers": security_headers(api_origin, upload_origin),
        "signing_key": signing_key,
        "origin": f"http://{HOST}:{port}",
    }
    handler = type("SiteHandler", (_Handler,), settings)
    server = ThreadingHTTPServer((HOST, port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, name="site", daemon=True).start()
    return server

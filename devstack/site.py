"""Builds the guide with MkDocs and serves the built files with the production headers."""

from __future__ import annotations

import functools
import os
import subprocess
import sys
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any, ClassVar

from .addresses import HOST
from .site_headers import security_headers

ROOT = Path(__file__).resolve().parent.parent


def build_site(api_url: str, site_url: str, out_dir: Path) -> Path:
    """`mkdocs build --strict` with the form pointed at `api_url`."""
    env = {**os.environ, "COMPLAINT_API": api_url, "SITE_URL": site_url + "/", "NO_MKDOCS_2_WARNING": "1"}
    subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--quiet", "--site-dir", str(out_dir)],
        cwd=ROOT,
        env=env,
        check=True,
    )
    return out_dir


class _Handler(SimpleHTTPRequestHandler):
    extra_headers: ClassVar[dict[str, str]] = {}

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


def serve_site(directory: Path, port: int, api_origin: str, upload_origin: str) -> ThreadingHTTPServer:
    handler = type("SiteHandler", (_Handler,), {"extra_headers": security_headers(api_origin, upload_origin)})
    server = ThreadingHTTPServer((HOST, port), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, name="site", daemon=True).start()
    return server

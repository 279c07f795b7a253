"""A plain static web server that publishes a built site at a sub-path, as a real host would.

It is Python's http.server over a parent folder in which the site sits at `some/sub/path/` (a
symbolic link). Like GitHub Pages and most hosts, a missing address under the site is answered
with the site's own 404.html and status 404.
"""
from __future__ import annotations

import http.server
import threading
from functools import partial
from pathlib import Path

SUB_PATH = "some/sub/path/"


class _Handler(http.server.SimpleHTTPRequestHandler):
    site_404: Path | None = None

    def log_message(self, *args):  # quiet: the tests report what matters
        pass

    def send_error(self, code, message=None, explain=None):
        if code == 404 and self.site_404 is not None and self.path.startswith("/" + SUB_PATH):
            body = self.site_404.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)


class SubPathServer:
    """`with SubPathServer(site_dir, scratch_dir) as base_url:` serves the site until the block ends."""

    def __init__(self, site: Path, scratch: Path):
        self.site, self.scratch = site, scratch
        self.httpd: http.server.ThreadingHTTPServer | None = None

    def __enter__(self) -> str:
        root = self.scratch / "www"
        mount = root / SUB_PATH.rstrip("/")
        mount.parent.mkdir(parents=True, exist_ok=True)
        if mount.is_symlink() or mount.exists():
            mount.unlink()
        mount.symlink_to(self.site.resolve(), target_is_directory=True)
        handler = type("Handler", (_Handler,), {"site_404": self.site / "404.html"})
        self.httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), partial(handler, directory=str(root)))
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/{SUB_PATH}"

    def __exit__(self, *exc) -> None:
        if self.httpd:
            self.httpd.shutdown()
            self.httpd.server_close()

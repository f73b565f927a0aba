#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""A feed server for nixvet's tests, on 127.0.0.1 only: serves ROOT over HTTP with ETag and
Last-Modified (answering conditional requests with 304), can fail chosen paths once with a 500,
logs every request, prints its port on the first line of stdout, and stops by itself after
--lifetime seconds or --max-requests requests.

  feed_server.py ROOT --log FILE [--fail-once /kev/known_exploited_vulnerabilities.json]...
                 [--always-304 PATH]...

--always-304 answers 304 Not Modified for PATH whatever the request (a broken cache or proxy).
"""
import argparse
import email.utils
import hashlib
import http.server
import os
import sys
import threading


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("root")
    ap.add_argument("--log", required=True)
    ap.add_argument("--fail-once", action="append", default=[])
    ap.add_argument("--always-304", action="append", default=[])
    ap.add_argument("--lifetime", type=float, default=300)
    ap.add_argument("--max-requests", type=int, default=2000)
    a = ap.parse_args()
    failed = set()
    count = [0]
    lock = threading.Lock()

    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args):
            pass

        def record(self, status, conditional):
            with lock, open(a.log, "a") as f:
                f.write(f"GET {self.path} {status} {'conditional' if conditional else 'plain'}\n")

        def do_GET(self):
            with lock:
                count[0] += 1
                if count[0] >= a.max_requests:
                    threading.Thread(target=server.shutdown).start()
            conditional = bool(self.headers.get("If-None-Match") or self.headers.get("If-Modified-Since"))
            if self.path in a.fail_once and self.path not in failed:
                failed.add(self.path)
                self.record(500, conditional)
                self.send_error(500, "failing once on purpose")
                return
            if self.path in a.always_304:
                self.record(304, conditional)
                self.send_response(304)
                self.end_headers()
                return
            path = os.path.join(a.root, self.path.lstrip("/"))
            if ".." in self.path.split("/") or not os.path.isfile(path):
                self.record(404, conditional)
                self.send_error(404)
                return
            data = open(path, "rb").read()
            etag = '"' + hashlib.sha256(data).hexdigest()[:20] + '"'
            mtime = os.path.getmtime(path)
            last_modified = email.utils.formatdate(mtime, usegmt=True)
            not_modified = self.headers.get("If-None-Match") == etag
            ims = self.headers.get("If-Modified-Since")
            if not self.headers.get("If-None-Match") and ims:
                try:
                    not_modified = email.utils.parsedate_to_datetime(ims).timestamp() >= int(mtime)
                except (TypeError, ValueError):
                    pass
            if not_modified:
                self.record(304, conditional)
                self.send_response(304)
                self.send_header("ETag", etag)
                self.end_headers()
                return
            self.record(200, conditional)
            self.send_response(200)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("ETag", etag)
            self.send_header("Last-Modified", last_modified)
            self.end_headers()
            self.wfile.write(data)

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Timer(a.lifetime, server.shutdown).start()
    print(server.server_address[1], flush=True)
    server.serve_forever()
    os._exit(0)


if __name__ == "__main__":
    sys.exit(main())

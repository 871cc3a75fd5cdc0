"""A bucket-shaped HTTP server for the AtlasAccess tests (Python stdlib only).

Serves the files under --root like the public S3 bucket: GET of a key (with Range), and
S3 ListObjectsV2 (`GET /?list-type=2&prefix=...`) in pages of --page-size keys. Faults for
a key come from --faults (JSON: {"key": [{"type": "drop", "after": N} | {"type": "status",
"code": 503} | {"type": "corrupt"} | {"type": "slow", "chunk": N, "delay": S} | {"type": "norange"} |
{"type": "endless"} (the file, then bytes without end and no Content-Length), ...]}); each GET of the key consumes the first one.
Every request is appended to --log as one JSON line. Prints "PORT <n>" once listening.
"""
import argparse
import json
import os
import signal
import socket
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from xml.sax.saxutils import escape


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True)
    parser.add_argument("--page-size", type=int, default=1000)
    parser.add_argument("--faults", default=None)
    parser.add_argument("--log", required=True)
    args = parser.parse_args()
    # The test runner may start us with signals blocked; the test stops us with SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(signal.Signals))
    faults = {}
    if args.faults:
        with open(args.faults) as f:
            faults = json.load(f)
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def record(self, status, sent, key):
            entry = {"method": self.command, "path": self.path, "key": key,
                     "range": self.headers.get("Range"), "status": status, "bytes": sent}
            with lock:
                with open(args.log, "a") as f:
                    f.write(json.dumps(entry) + "\n")

        def do_GET(self):
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            key = urllib.parse.unquote(url.path.lstrip("/"))
            if key == "" and query.get("list-type") == ["2"]:
                return self.list_objects(query)
            with lock:
                queue = faults.get(key) or []
                fault = queue.pop(0) if queue else None
            if fault and fault["type"] == "status":
                return self.send_bytes(fault["code"], b"injected failure\n", key)
            path = os.path.join(args.root, key)
            if ".." in key.split("/") or not os.path.isfile(path):
                return self.send_bytes(404, b"<Error><Code>NoSuchKey</Code></Error>", key)
            with open(path, "rb") as f:
                data = f.read()
            start, status = 0, 200
            header_range = self.headers.get("Range")
            if header_range and not (fault and fault["type"] == "norange"):
                first = header_range.split("=", 1)[1].split("-", 1)[0]
                start = int(first)
                if start >= len(data):
                    return self.send_bytes(416, b"", key)
                status = 206
            body = data[start:]
            if fault and fault["type"] == "endless":
                return self.send_endless(status, body, key)
            if fault and fault["type"] == "corrupt":
                body = bytes(b ^ 0xFF for b in body)
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{len(data) - 1}/{len(data)}")
            self.send_header("Accept-Ranges", "bytes")
            self.end_headers()
            if fault and fault["type"] == "drop":
                sent = body[: fault["after"]]
                self.wfile.write(sent)
                self.wfile.flush()
                self.record(status, len(sent), key)
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True
                return
            if fault and fault["type"] == "slow":
                sent = 0
                try:
                    for offset in range(0, len(body), fault["chunk"]):
                        self.wfile.write(body[offset: offset + fault["chunk"]])
                        self.wfile.flush()
                        sent += len(body[offset: offset + fault["chunk"]])
                        time.sleep(fault["delay"])
                except OSError:
                    self.close_connection = True
                self.record(status, sent, key)
                return
            self.wfile.write(body)
            self.record(status, len(body), key)

        def send_endless(self, status, body, key):
            """The body, then zeros until the client hangs up (capped at 1 GiB)."""
            self.send_response(status)
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            sent = 0
            try:
                self.wfile.write(body)
                sent = len(body)
                chunk = bytes(65536)
                while sent < 1 << 30:
                    self.wfile.write(chunk)
                    sent += len(chunk)
            except OSError:
                pass
            self.record(status, sent, key)

        def send_bytes(self, status, body, key):
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
            self.record(status, len(body), key)

        def list_objects(self, query):
            prefix = query.get("prefix", [""])[0]
            after = query.get("continuation-token", [None])[0]
            keys = []
            for folder, _, names in os.walk(args.root):
                for name in names:
                    rel = os.path.relpath(os.path.join(folder, name), args.root).replace(os.sep, "/")
                    if rel.startswith(prefix):
                        keys.append(rel)
            keys.sort()
            if after is not None:
                keys = [k for k in keys if k > after]
            page, rest = keys[: args.page_size], keys[args.page_size:]
            parts = ['<?xml version="1.0" encoding="UTF-8"?>',
                     '<ListBucketResult xmlns="http://s3.amazonaws.com/doc/2006-03-01/">',
                     "<Name>test-bucket</Name>", f"<Prefix>{escape(prefix)}</Prefix>",
                     f"<KeyCount>{len(page)}</KeyCount>", f"<MaxKeys>{args.page_size}</MaxKeys>",
                     f"<IsTruncated>{'true' if rest else 'false'}</IsTruncated>"]
            if rest:
                parts.append(f"<NextContinuationToken>{escape(page[-1])}</NextContinuationToken>")
            for key in page:
                size = os.path.getsize(os.path.join(args.root, key))
                parts.append(f"<Contents><Key>{escape(key)}</Key><Size>{size}</Size></Contents>")
            parts.append("</ListBucketResult>")
            self.send_bytes(200, "".join(parts).encode(), "?list")

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

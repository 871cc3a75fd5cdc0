"""A bucket-shaped HTTP server for the AtlasAccess tests (Python stdlib only).

Serves the files under --root like the public S3 bucket: GET of a key (with `Range: bytes=a-b`
or `bytes=a-`, answered 206 with Content-Range), HEAD of a key, an ETag per object honoured by
`If-Match` (412 when it differs), HTTP/1.1 keep-alive, and S3 ListObjectsV2 (`GET /?list-type=2&prefix=...`) in
pages of --page-size keys. To simulate a distant bucket, --delay S waits S seconds before each
answer, --rate B caps each connection at B bytes per second, and --line B caps all connections
together at B bytes per second (one line shared by every transfer).

Faults for a key come from --faults (JSON: {"key": [{"type": "drop", "after": N} | {"type":
"status", "code": 503} | {"type": "corrupt"} | {"type": "slow", "chunk": N, "delay": S} |
{"type": "norange"} | {"type": "change"} | {"type": "none"} | {"type": "endless"}, ...]}); each GET of
the key consumes the first one. "endless" sends the file, then bytes without end and no
Content-Length. "change" gives the object a new ETag from that request on (as an overwrite
would); "none" is a normal answer, to place a later fault.
Every request is appended to --log as one JSON line (with the client's port, which stays the
same across requests on a kept-alive connection, and the wall-clock times the request arrived
and its answer ended, for profiling). Prints "PORT <n>" once listening.
"""
import argparse
import json
import os
import signal
import socket
import sys
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
    parser.add_argument("--delay", type=float, default=0.0)
    parser.add_argument("--rate", type=float, default=0.0)
    parser.add_argument("--line", type=float, default=0.0)
    args = parser.parse_args()
    # The test runner may start us with signals blocked; the test stops us with SIGTERM.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, set(signal.Signals))
    faults = {}
    if args.faults:
        with open(args.faults) as f:
            faults = json.load(f)
    lock = threading.Lock()
    line = {"lock": threading.Lock(), "free": 0.0}  # when the shared line is next free

    def wait_for_line(count):
        """Books `count` bytes on the shared line and sleeps until they have gone through it."""
        with line["lock"]:
            line["free"] = max(time.monotonic(), line["free"]) + count / args.line
            until = line["free"]
        if until > time.monotonic():
            time.sleep(until - time.monotonic())
    versions = {}  # key -> times its ETag changed

    def etag_of(key, path):
        stat = os.stat(path)
        return f'"{stat.st_size:x}-{int(stat.st_mtime_ns):x}-{versions.get(key, 0)}"'

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        # Headers and body go out in separate writes: with Nagle's algorithm the body's last
        # segment would wait for the client's delayed ACK (40 ms on Linux) on every answer.
        disable_nagle_algorithm = True

        def log_message(self, *a):
            pass

        def record(self, status, sent, key):
            entry = {"method": self.command, "path": self.path, "key": key,
                     "range": self.headers.get("Range"), "if_match": self.headers.get("If-Match"),
                     "status": status, "bytes": sent, "peer": self.client_address[1],
                     "arrived": getattr(self, "arrived", None), "ended": time.time()}
            with lock:
                with open(args.log, "a") as f:
                    f.write(json.dumps(entry) + "\n")

        def do_GET(self):
            self.arrived = time.time()
            url = urllib.parse.urlsplit(self.path)
            query = urllib.parse.parse_qs(url.query)
            key = urllib.parse.unquote(url.path.lstrip("/"))
            if key == "" and query.get("list-type") == ["2"]:
                return self.list_objects(query)
            with lock:
                queue = faults.get(key) or []
                fault = queue.pop(0) if queue else None
            if args.delay:
                time.sleep(args.delay)
            if fault and fault["type"] == "status":
                return self.send_bytes(fault["code"], b"injected failure\n", key)
            path = os.path.join(args.root, key)
            if ".." in key.split("/") or not os.path.isfile(path):
                return self.send_bytes(404, b"<Error><Code>NoSuchKey</Code></Error>", key)
            if fault and fault["type"] == "change":
                with lock:
                    versions[key] = versions.get(key, 0) + 1
            etag = etag_of(key, path)
            wanted = self.headers.get("If-Match")
            if wanted is not None and wanted != etag:
                return self.send_bytes(412, b"<Error><Code>PreconditionFailed</Code></Error>", key)
            size = os.path.getsize(path)
            start, end, status = 0, size, 200
            header_range = self.headers.get("Range")
            if header_range and not (fault and fault["type"] == "norange"):
                first, _, last = header_range.split("=", 1)[1].partition("-")
                start = int(first)
                end = min(size, int(last) + 1) if last else size
                if start >= size or end <= start:
                    return self.send_bytes(416, b"", key)
                status = 206
            if fault and fault["type"] == "endless":
                with open(path, "rb") as f:
                    f.seek(start)
                    return self.send_endless(status, f.read(end - start), key)
            self.send_response(status)
            self.send_header("Content-Length", str(end - start))
            if status == 206:
                self.send_header("Content-Range", f"bytes {start}-{end - 1}/{size}")
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("ETag", etag)
            self.end_headers()
            limit = fault["after"] if fault and fault["type"] == "drop" else None
            piece, pause = (fault["chunk"], fault["delay"]) if fault and fault["type"] == "slow" else (256 * 1024, 0)
            sent = 0
            recorded = False
            began = time.monotonic()
            try:
                with open(path, "rb") as f:
                    f.seek(start)
                    while start + sent < end:
                        want = min(piece, end - start - sent)
                        if limit is not None:
                            want = min(want, limit - sent)
                            if want <= 0:
                                break
                        block = f.read(want)
                        if not block:
                            break
                        if fault and fault["type"] == "corrupt":
                            block = bytes(b ^ 0xFF for b in block)
                        if start + sent + len(block) == end:  # the last block: logged before it goes
                            self.record(status, sent + len(block), key)
                            recorded = True
                        self.wfile.write(block)
                        sent += len(block)
                        if pause:
                            self.wfile.flush()
                            time.sleep(pause)
                        if args.line:
                            wait_for_line(len(block))
                        if args.rate:
                            ahead = sent / args.rate - (time.monotonic() - began)
                            if ahead > 0:
                                time.sleep(ahead)
                self.wfile.flush()
            except OSError:
                self.close_connection = True
            if not recorded:
                self.record(status, sent, key)
            if limit is not None:
                self.connection.shutdown(socket.SHUT_RDWR)
                self.close_connection = True

        def do_HEAD(self):
            """The object's size and ETag, as S3 answers HEAD (libhdf5's ROS3 driver asks first)."""
            self.arrived = time.time()
            key = urllib.parse.unquote(urllib.parse.urlsplit(self.path).path.lstrip("/"))
            if args.delay:
                time.sleep(args.delay)
            path = os.path.join(args.root, key)
            if ".." in key.split("/") or not os.path.isfile(path):
                return self.send_bytes(404, b"", key)
            self.send_response(200)
            self.send_header("Content-Length", str(os.path.getsize(path)))
            self.send_header("Accept-Ranges", "bytes")
            self.send_header("ETag", etag_of(key, path))
            self.record(200, 0, key)
            self.end_headers()

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
            # Logged before the answer goes out, so a client that reads the log once answered finds it.
            self.record(status, len(body), key)
            self.send_response(status)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

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

    class Server(ThreadingHTTPServer):
        # socketserver's default backlog is 5: a client opening dozens of connections at once
        # would see the rest of its SYNs dropped and retried after 1 s, then 2 s.
        request_queue_size = 1024

        def handle_error(self, request, client_address):
            # A client that hangs up mid-answer (a cut-off transfer) is expected, not news.
            if not isinstance(sys.exc_info()[1], OSError):
                super().handle_error(request, client_address)

    server = Server(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()

"""The e2e example's client: calls the API over the internal network.

Every few seconds it asks the API who it runs as and records the answer in
its data dir; /healthz reports whether the last call succeeded. Exits 0 on
SIGTERM.

`client.py setup` is the module's setup step (gen.yaml `setup`): it writes
its uid to $DATA_DIR/setup-done and exits. At start the client copies what
it finds there (or "none") to $DATA_DIR/setup-seen, so the suite can tell
that the step ran to completion, as the module's user and in its data dir,
before the module started.
"""
import json
import os
import signal
import sys
import threading
import time
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

API_URL = os.environ.get("API_URL", "http://api:8080")
PORT = int(os.environ.get("PORT", "8081"))
DATA = os.environ.get("DATA_DIR", "/app/data")
status = {"ok": False, "last": None}
stopping = threading.Event()


def poll():
    while not stopping.is_set():
        try:
            with urllib.request.urlopen(f"{API_URL}/whoami", timeout=3) as r:
                status["last"] = json.load(r)
                status["ok"] = True
            with open(os.path.join(DATA, "last-call.json"), "w", encoding="utf-8") as f:
                json.dump(status["last"], f)
        except OSError as err:
            status["ok"] = False
            print(f"client: call to {API_URL} failed: {err}", flush=True)
        stopping.wait(3)


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        code = 200 if self.path == "/healthz" and status["ok"] else 503
        if self.path == "/last":
            code = 200
        body = json.dumps(status).encode()
        self.send_response(code)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, fmt, *args):
        pass


def setup():
    # Written whole, then renamed: the client never reads half a file.
    tmp = os.path.join(DATA, ".setup-done.tmp")
    with open(tmp, "w", encoding="utf-8") as f:
        f.write(str(os.getuid()))
    os.replace(tmp, os.path.join(DATA, "setup-done"))
    return 0


def record_setup():
    try:
        with open(os.path.join(DATA, "setup-done"), encoding="utf-8") as f:
            seen = f.read()
    except OSError:
        seen = "none"
    try:
        with open(os.path.join(DATA, "setup-seen"), "w", encoding="utf-8") as f:
            f.write(seen)
    except OSError as err:  # e.g. run as another uid: the suite reports it
        print(f"client: cannot record what setup left: {err}", flush=True)


def main():
    if sys.argv[1:] == ["setup"]:
        return setup()
    record_setup()
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)

    def stop(_signum, _frame):
        stopping.set()
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    threading.Thread(target=poll, daemon=True).start()
    server.serve_forever()
    server.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())

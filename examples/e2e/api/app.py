"""The e2e example's API: Python standard library only.

Serves /healthz (liveness: the process answers), /readyz (readiness: its
read-only conf was read and its data dir is writable), /whoami (uid, gid,
groups) and /conf (the conf file's content). Logs to $LOG_DIR/api.log and
stdout; on SIGTERM it stops accepting connections, finishes in-flight
requests and exits 0.
"""
import json
import logging
import os
import signal
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

# API_TOKEN is required: gen's generated entrypoint refuses to start without
# it (the e2e suite proves that), so the app itself does not check again.
PORT = int(os.environ.get("PORT", "8080"))
DATA = os.environ.get("DATA_DIR", "/app/data")
LOGS = os.environ.get("LOG_DIR", "/app/logs")
CONF = os.environ.get("CONF_FILE", "/app/conf/app.conf")

handlers = [logging.StreamHandler(sys.stdout)]
try:
    handlers.append(logging.FileHandler(os.path.join(LOGS, "api.log")))
except OSError as err:
    print(f"api: cannot log to {LOGS}: {err}", file=sys.stderr)
logging.basicConfig(level=logging.INFO, format="%(asctime)s api %(message)s", handlers=handlers)
log = logging.getLogger("api")

state = {"ready": False, "conf": None}


def prepare():
    """Reads the conf and marks the data dir; readiness needs both."""
    try:
        with open(CONF, encoding="utf-8") as f:
            state["conf"] = f.read()
    except OSError as err:
        log.info("not ready: cannot read conf %s: %s", CONF, err)
    try:
        with open(os.path.join(DATA, "started"), "a", encoding="utf-8") as f:
            f.write(f"{os.getpid()}\n")
    except OSError as err:
        log.info("not ready: data dir %s is not writable: %s", DATA, err)
        return
    state["ready"] = state["conf"] is not None


class Handler(BaseHTTPRequestHandler):
    def _send(self, code, body):
        data = json.dumps(body).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/healthz":
            self._send(200, {"status": "alive"})
        elif self.path == "/readyz":
            self._send(200 if state["ready"] else 503, {"ready": state["ready"]})
        elif self.path == "/whoami":
            self._send(200, {"uid": os.getuid(), "gid": os.getgid(), "groups": os.getgroups()})
        elif self.path == "/conf":
            self._send(200 if state["conf"] is not None else 503, {"conf": state["conf"]})
        else:
            self._send(404, {"error": "not found"})

    def log_message(self, fmt, *args):
        log.info("%s %s", self.address_string(), fmt % args)


def main():
    prepare()
    server = ThreadingHTTPServer(("0.0.0.0", PORT), Handler)
    server.daemon_threads = False  # server_close() waits for in-flight requests

    def stop(signum, _frame):
        log.info("signal %d: draining", signum)
        # shutdown() blocks until serve_forever() returns: not from its thread.
        threading.Thread(target=server.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    log.info("listening on %d as uid %d gid %d", PORT, os.getuid(), os.getgid())
    server.serve_forever()
    server.server_close()
    log.info("stopped")
    return 0


if __name__ == "__main__":
    sys.exit(main())

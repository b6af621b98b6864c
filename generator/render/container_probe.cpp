#include "render/container_probe.h"

#include <algorithm>
#include <cstdint>
#include <optional>

#include "model/stacks.h"

namespace gen::render {

namespace {

// A string literal Python and JavaScript both read back exactly: JSON with
// every non-ASCII character as \uXXXX.
std::string literal(const std::string& s) { return Json(s).dump(-1, ' ', true); }

Json http_argv(const std::string& tool, const std::string& url, int timeout) {
  std::string t = std::to_string(timeout);
  if (tool == "python")
    return {
        "python", "-c",
        "import urllib.request; urllib.request.urlopen(" + literal(url) + ", timeout=" + t + ")"};
  if (tool == "node")
    return {"node", "-e",
            "fetch(" + literal(url) +
                ").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"};
  if (tool == "bun")
    return {"bun", "-e", "const r = await fetch(" + literal(url) + "); process.exit(r.ok ? 0 : 1)"};
  if (tool == "ruby")  // the URL as an argument: a Ruby string literal would interpolate #{
    return {"ruby", "-e",
            "require \"net/http\"; u = URI(ARGV[0]); r = Net::HTTP.start(u.host, u.port, "
            "use_ssl: u.scheme == \"https\", open_timeout: " + t + ", read_timeout: " + t +
                ") { |h| h.get(u.request_uri) }; exit(r.is_a?(Net::HTTPSuccess) ? 0 : 1)",
            url};
  if (tool == "php")  // the http wrapper fails on 4xx and 5xx
    return {"php", "-r",
            "$c = stream_context_create([\"http\" => [\"timeout\" => " + t +
                "]]); exit(@file_get_contents($argv[1], false, $c) === false ? 1 : 0);",
            "--", url};
  if (tool == "wget")  // BusyBox wget of an Alpine image
    return {"wget", "-q", "-T", t, "-O", "/dev/null", url};
  if (tool == "curl")
    return {"curl",     "--fail",    "--silent", "--show-error", "--max-time", t,
            "--output", "/dev/null", url};
  // A plain image: use whichever HTTP client it has. The URL is passed as $0
  // so the script holds no value from the spec (and no single quote, so it
  // stays readable once quoted for a shell).
  return {"sh", "-c",
          "if command -v curl >/dev/null 2>&1; then exec curl -fsS -m " + t +
              " -o /dev/null \"$0\"; fi; "
              "if command -v wget >/dev/null 2>&1; then exec wget -q -T " +
              t +
              " -O /dev/null \"$0\"; fi; "
              "if command -v python3 >/dev/null 2>&1; then exec python3 -c "
              "\"import sys, urllib.request; urllib.request.urlopen(sys.argv[1], timeout=" +
              t +
              ")\" \"$0\"; fi; "
              "if command -v node >/dev/null 2>&1; then exec node -e "
              "\"fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => "
              "process.exit(1))\" \"$0\"; fi; "
              "echo \"health check: no curl, wget, python3 or node in this image\" >&2; exit 1",
          url};
}

Json tcp_argv(const std::string& tool, int port, int timeout) {
  std::string p = std::to_string(port), t = std::to_string(timeout);
  if (tool == "python")
    return {"python", "-c",
            "import socket; socket.create_connection((\"127.0.0.1\", " + p + "), timeout=" + t +
                ").close()"};
  std::string js = "require(\"net\").connect(" + p +
                   ", \"127.0.0.1\").on(\"connect\", () => process.exit(0))"
                   ".on(\"error\", () => process.exit(1))";
  if (tool == "node") return {"node", "-e", js};
  if (tool == "bun") return {"bun", "-e", js};
  if (tool == "ruby")
    return {"ruby", "-e",
            "require \"socket\"; Socket.tcp(\"127.0.0.1\", " + p + ", connect_timeout: " + t +
                ").close"};
  if (tool == "php")
    return {"php", "-r",
            "$s = @fsockopen(\"127.0.0.1\", " + p + ", $n, $e, " + t + "); exit($s ? 0 : 1);"};
  if (tool == "curl") return {"bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + p};
  return {"sh", "-c",
          "if command -v nc >/dev/null 2>&1; then exec nc -z -w " + t +
              " 127.0.0.1 \"$0\"; fi; "
              "if command -v bash >/dev/null 2>&1; then exec bash -c "
              "\"exec 3<>/dev/tcp/127.0.0.1/$0\"; fi; "
              "echo \"health check: no nc or bash in this image\" >&2; exit 1",
          p};
}

}  // namespace

std::string probe_tool(const model::Module& module) {
  if (!module.build) return "sh";
  const model::Stack* stack = model::find_stack(module.build->stack);
  if (!stack) return "sh";
  switch (stack->probe) {
    case model::ProbeTool::Python: return "python";
    case model::ProbeTool::Node: return "node";
    case model::ProbeTool::Bun: return "bun";
    case model::ProbeTool::Ruby: return "ruby";
    case model::ProbeTool::Php: return "php";
    case model::ProbeTool::Curl: return "curl";
    case model::ProbeTool::Wget: return "wget";
  }
  return "sh";
}

Json container_probe_argv(const model::Module& module) {
  const model::Probe* p = module.health ? module.health->container() : nullptr;
  if (!p) return nullptr;
  if (p->kind == model::ProbeKind::Command) return p->command;
  std::string tool = probe_tool(module);
  // At least a second: a 500ms timeout must not become 0 (no timeout).
  int timeout = static_cast<int>(std::max<int64_t>(1, module.health->timings.timeout.ceil_seconds()));
  std::optional<std::string> url = p->url();
  if (p->kind == model::ProbeKind::Http && url) return http_argv(tool, *url, timeout);
  if (p->kind == model::ProbeKind::Tcp && p->port)
    return tcp_argv(tool, static_cast<int>(*p->port), timeout);
  return nullptr;  // an HTTP probe without a port: the check stage reports it
}

bool probe_needs_curl(const model::Module& module) {
  Json argv = container_probe_argv(module);
  return argv.is_array() && !argv.empty() && argv[0] == "curl";
}

}  // namespace gen::render

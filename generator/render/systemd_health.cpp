#include "render/systemd_health.h"

#include <string>

namespace gen::render {

using Json = nlohmann::ordered_json;

namespace {

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// True when `package` is installed in the module's image: its own packages
// or those of the base modules it builds FROM (seed 003's hierarchy).
bool has_package(const Json& module, const Json& context, const std::string& package) {
  const Json* m = &module;
  for (int depth = 0; m && depth < 16; ++depth) {  // bounded: base chains are short
    const Json& build = (*m)["build"];
    if (!build.is_object()) return false;
    for (const auto& p : build["packages"])
      if (p == package) return true;
    std::string base = str(build, "base_module");
    if (base.empty()) return false;
    const Json* next = nullptr;
    for (const auto& other : context["modules"])
      if (str(other, "name") == base) next = &other;
    m = next;
  }
  return false;
}

// POSIX sh single quoting ('\'' for a quote inside).
std::string shell_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

// A JSON string literal: valid in JavaScript and Python source alike, so a
// URL is never spliced into code unquoted.
std::string literal(const std::string& s) { return Json(s).dump(); }

Json http_exec(const std::string& stack, const std::string& url, int timeout,
               bool curl, bool python3) {
  if (stack == "python-uv" || stack == "python-pip")
    return Json::array({"python", "-c",
                        "import urllib.request; urllib.request.urlopen(" + literal(url) +
                            ", timeout=" + std::to_string(timeout) + ")"});
  if (stack == "node" || stack == "nextjs" || stack == "bun")
    return Json::array({stack == "bun" ? "bun" : "node", "-e",
                        "fetch(" + literal(url) +
                            ").then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"});
  if (curl) return Json::array({"curl", "-fsS", "-o", "/dev/null", url});
  if (python3)
    return Json::array({"python3", "-c",
                        "import urllib.request; urllib.request.urlopen(" + literal(url) +
                            ", timeout=" + std::to_string(timeout) + ")"});
  // A plain image: whichever HTTP client it has.
  std::string q = shell_quote(url);
  return Json::array({"sh", "-c",
                      "curl -fsS -o /dev/null " + q + " || wget -q -O /dev/null " + q});
}

Json tcp_exec(const std::string& stack, int port, bool python3) {
  std::string p = std::to_string(port);
  if (stack == "python-uv" || stack == "python-pip" || python3)
    return Json::array({stack.rfind("python-", 0) == 0 ? "python" : "python3", "-c",
                        "import socket; socket.create_connection((\"127.0.0.1\", " + p +
                            "), 3).close()"});
  if (stack == "node" || stack == "nextjs" || stack == "bun")
    return Json::array({stack == "bun" ? "bun" : "node", "-e",
                        "require(\"net\").connect(" + p +
                            ", \"127.0.0.1\").on(\"connect\", () => process.exit(0))"
                            ".on(\"error\", () => process.exit(1))"});
  if (stack == "debian")  // bash is essential in Debian images
    return Json::array({"bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/" + p});
  return Json::array({"sh", "-c", "nc -z 127.0.0.1 " + p});
}

}  // namespace

Json health_exec(const Json& module, const Json& context) {
  const Json& health = module["health"];
  if (!health.is_object() || !health["container"].is_object()) return nullptr;
  const Json& probe = health["container"];
  std::string type = str(probe, "type");
  if (type == "command") return probe["command"];
  std::string stack = module["build"].is_object() ? str(module["build"], "stack") : "";
  int timeout = health["timeout_seconds"].is_number_integer() ? health["timeout_seconds"].get<int>()
                                                              : 5;
  if (type == "http" && probe["url"].is_string())
    return http_exec(stack, probe["url"].get<std::string>(), timeout,
                     has_package(module, context, "curl"),
                     has_package(module, context, "python3"));
  if (type == "tcp" && probe["port"].is_number_integer())
    return tcp_exec(stack, probe["port"].get<int>(), has_package(module, context, "python3"));
  return nullptr;
}

}  // namespace gen::render

// CONTRACT.md's tables, parsed back as Markdown, hold the spec's numbers:
// every row is compared with what `gen context` says for the same spec and
// profile, for every seed (with and without a profile).
#include <catch2/catch.hpp>

#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "../render/k8s_output.h"

using Json = nlohmann::ordered_json;

namespace {

using Row = std::vector<std::string>;

// A GFM table cell back to its text: code spans unwrapped, `\|` unescaped.
std::string cell_text(std::string c) {
  size_t b = c.find_first_not_of(' '), e = c.find_last_not_of(' ');
  c = b == std::string::npos ? "" : c.substr(b, e - b + 1);
  std::string out;
  for (size_t i = 0; i < c.size(); ++i) {
    if (c[i] == '\\' && i + 1 < c.size() && c[i + 1] == '|') continue;
    if (c[i] == '`') continue;
    out += c[i];
  }
  return out;
}

// The rows of the first table under "## <heading>" (header row excluded).
std::vector<Row> table(const std::string& md, const std::string& heading) {
  std::vector<Row> rows;
  size_t at = md.find("\n## " + heading + "\n");
  REQUIRE(at != std::string::npos);
  std::istringstream in(md.substr(at + heading.size() + 5));
  std::string line;
  bool in_table = false, header = true;
  while (std::getline(in, line)) {
    if (line.rfind("## ", 0) == 0) break;
    if (line.empty() || line[0] != '|') {
      if (in_table) break;
      continue;
    }
    in_table = true;
    if (line.rfind("|---", 0) == 0) continue;
    if (header) {
      header = false;
      continue;
    }
    Row row;
    std::string cur;
    for (size_t i = 1; i < line.size(); ++i) {
      if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
        cur += "\\|";
        ++i;
      } else if (line[i] == '|') {
        row.push_back(cell_text(cur));
        cur.clear();
      } else {
        cur += line[i];
      }
    }
    rows.push_back(row);
  }
  return rows;
}

std::set<Row> as_set(const std::vector<Row>& rows) { return {rows.begin(), rows.end()}; }

std::string contract(const std::string& seed, const std::string& profile) {
  std::vector<std::string> args = {"docs", "--spec", gen::test::spec_path(seed)};
  if (!profile.empty()) args.insert(args.end(), {"--profile", profile});
  gen::test::GenOutput out = gen::test::run_gen_out(args);
  INFO(out.err);
  REQUIRE(out.code == 0);
  REQUIRE(out.has("CONTRACT.md"));
  return out.at("CONTRACT.md");
}

Json context(const std::string& seed, const std::string& profile) {
  std::vector<std::string> args = {"context", "--spec", gen::test::spec_path(seed)};
  if (!profile.empty()) args.insert(args.end(), {"--profile", profile});
  return Json::parse(gen::test::gen_stdout(args));
}

std::string s(const Json& j) { return j.is_string() ? j.get<std::string>() : j.dump(); }

void check_seed(const std::string& seed, const std::string& profile) {
  INFO("seed " << seed << ", profile '" << profile << "'");
  std::string md = contract(seed, profile);
  Json ctx = context(seed, profile);

  std::vector<Row> ports, identity, mounts, env, health, signals, tags;
  for (const auto& m : ctx["modules"]) {
    std::string name = s(m["name"]);
    tags.push_back({name, s(m["image"]["name"]) + (m["image"]["built"] == true ? " (built)" : "")});
    for (const auto& p : ctx["profiles"]) {
      const Json& t = m["image"]["tags"][s(p["name"])];
      tags.back().push_back(t.is_string() ? s(t) : "");
    }
    if (m["kind"] == "base") continue;
    for (const auto& p : m["ports"])
      ports.push_back({name, s(p["name"]),
                       p["published"] == true ? s(p["bind"]) + ":" + s(p["host"]) : "not published",
                       s(p["container"]), s(p["protocol"])});
    const Json& u = m["user"];
    std::string groups;
    for (const auto& g : u["groups"]) groups += (groups.empty() ? "" : ", ") + s(g);
    identity.push_back({name, u["name"].is_string() ? s(u["name"]) : "", s(u["uid"]), s(u["gid"]),
                        groups, "none"});
    for (const auto& mt : m["mounts"])
      mounts.push_back({name, s(mt["target"]), "", s(mt["type"]),
                        mt["read_only"] == true ? "read-only" : "read-write"});
    for (const auto& e : m["env"]) {
      bool has_default = e["kind"] == "value" || e["kind"] == "default";
      std::string def = has_default ? (s(e["value"]).empty() ? "(empty)" : s(e["value"])) : "";
      std::string secret =
          e["secret"].is_object() ? "yes (" + s(e["secret"]["name"]) + "/" + s(e["secret"]["key"]) + ")"
                                  : "no";
      env.push_back({name, s(e["name"]), e["required"] == true ? "yes" : "no", def, secret, "no"});
    }
    if (m["build"].is_object())
      for (const auto& e : m["build"]["build_env"])
        env.push_back({name, s(e["name"]), e["required"] == true ? "yes" : "no",
                       e["value"].is_string() ? (s(e["value"]).empty() ? "(empty)" : s(e["value"])) : "",
                       "no", "yes"});
    const Json& h = m["health"];
    if (h.is_object())
      health.push_back({name, s(h["interval"]), s(h["timeout"]), s(h["start_period"]),
                        s(h["retries"])});
    const Json& st = m["stop"];
    signals.push_back({name, s(st["signal"]), s(st["grace"]),
                       st["drain"].is_string() ? s(st["drain"]) : "", "SIGKILL"});
  }

  CHECK(as_set(table(md, "Ports")) == as_set(ports));
  CHECK(as_set(table(md, "Process Identity")) == as_set(identity));
  // Mounts: every column but the free-text purpose.
  std::vector<Row> got_mounts = table(md, "Mounts");
  for (auto& r : got_mounts) {
    REQUIRE(r.size() == 5);
    r[2] = "";
  }
  CHECK(as_set(got_mounts) == as_set(mounts));
  // Environment: the first six columns (description and example are text).
  std::vector<Row> got_env;
  for (auto r : table(md, "Environment")) {
    REQUIRE(r.size() == 8);
    if (r[1] == "(none declared)") continue;
    r.resize(6);
    got_env.push_back(r);
  }
  CHECK(as_set(got_env) == as_set(env));
  // Health: module and the four timings (probes are described in words).
  std::vector<Row> got_health;
  for (const auto& r : table(md, "Health")) {
    REQUIRE(r.size() == 9);
    got_health.push_back({r[0], r[5], r[6], r[7], r[8]});
  }
  CHECK(as_set(got_health) == as_set(health));
  CHECK(as_set(table(md, "Signals and Grace Periods")) == as_set(signals));
  CHECK(as_set(table(md, "Image Tags")) == as_set(tags));
}

}  // namespace

TEST_CASE("CONTRACT.md's tables hold the spec's numbers, for every seed", "[docs]") {
  for (const auto& seed : {"whatsapp-adapter", "wats", "reactbin", "core-infra", "todo"})
    check_seed(seed, "");
  check_seed("whatsapp-adapter", "local");
  check_seed("todo", "prod");
  check_seed("core-infra", "prod");
}

TEST_CASE("CONTRACT.md has every section of the seed documents and a Mermaid topology", "[docs]") {
  std::string md = contract("whatsapp-adapter", "local");
  for (const char* h : {"Scope", "Topology", "Required Runtime Rules", "Ports", "Process Identity",
                        "Mounts", "Environment", "Health", "Signals and Grace Periods", "Logging",
                        "Image Tags", "Environment Materialization", "Validation Checklist"})
    CHECK(md.find(std::string("\n## ") + h + "\n") != std::string::npos);
  CHECK(md.rfind("<!-- Generated by gen from ", 0) == 0);
  CHECK(md.find("```mermaid\nflowchart LR\n") != std::string::npos);
  CHECK(md.find("  host -->|\"127.0.0.1:8100 to 5000/tcp\"| m_whatsapp_adapter_api\n") !=
        std::string::npos);
  CHECK(md.find("  m_whatsapp_adapter_api -.->|\"reads sessions/ at /app/provider-sessions\"| "
                "m_whatsapp_adapter_waha\n") != std::string::npos);
  CHECK(md.find("| local | `whatsapp-adapter-api` | `whatsapp-adapter-api/.env.local` | "
                "`secrets/local/whatsapp-adapter-api.env` |") != std::string::npos);
  CHECK(md.find("- [ ] network `${PROJECT_INTERNAL_NETWORK}` exists before anything starts") !=
        std::string::npos);
}

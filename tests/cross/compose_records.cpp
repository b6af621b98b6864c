// compose.yaml (layout single) or <module>/compose.yaml (per-module), read
// back with yaml-cpp: one record per service.
#include <algorithm>

#include "records.h"

namespace gen::cross {

namespace {

std::string str(const YAML::Node& n) { return n && n.IsScalar() ? n.Scalar() : ""; }

// "[ip:][host:]container[/proto]" -> "container/proto".
std::string port_text(const std::string& spec) {
  std::string proto = "tcp", rest = spec;
  if (auto slash = rest.rfind('/'); slash != std::string::npos) {
    proto = rest.substr(slash + 1);
    rest = rest.substr(0, slash);
  }
  if (auto colon = rest.rfind(':'); colon != std::string::npos) rest = rest.substr(colon + 1);
  return rest + "/" + proto;
}

// Short volume syntax "source:target[:mode]" (source may hold ':' in ${...}).
void add_volume(const std::string& spec, std::set<std::string>& mounts) {
  std::string rest = spec, mode;
  auto colon = rest.rfind(':');
  if (colon != std::string::npos) {
    std::string last = rest.substr(colon + 1);
    if (!last.empty() && last.find('/') == std::string::npos) {
      mode = last;
      rest = rest.substr(0, colon);
    }
  }
  colon = rest.rfind(':');
  std::string target = colon == std::string::npos ? rest : rest.substr(colon + 1);
  bool ro = false;
  size_t start = 0;
  while (start <= mode.size()) {
    size_t end = mode.find(',', start);
    if (end == std::string::npos) end = mode.size();
    ro = ro || mode.substr(start, end - start) == "ro";
    start = end + 1;
  }
  mounts.insert(target + " persistent " + (ro ? "ro" : "rw"));
}

ModuleRecord service_record(const YAML::Node& svc) {
  ModuleRecord r;
  r.image = str(svc["image"]);
  r.user = str(svc["user"]);
  for (const auto& g : svc["group_add"]) r.groups.push_back(g.as<std::string>());
  std::sort(r.groups.begin(), r.groups.end());
  for (const auto& p : svc["ports"]) {
    if (p.IsScalar())
      r.ports.insert(port_text(p.Scalar()));
    else
      r.ports.insert(str(p["target"]) + "/" + (p["protocol"] ? str(p["protocol"]) : "tcp"));
  }
  for (const auto& p : svc["expose"]) r.ports.insert(port_text(p.as<std::string>()));
  const YAML::Node env = svc["environment"];
  if (env && env.IsMap())
    for (const auto& kv : env) r.env.insert(kv.first.as<std::string>());
  else if (env)
    for (const auto& e : env)
      r.env.insert(e.as<std::string>().substr(0, e.as<std::string>().find('=')));
  const YAML::Node tmpfs = svc["tmpfs"];
  if (tmpfs && tmpfs.IsScalar())
    r.mounts.insert(tmpfs.Scalar().substr(0, tmpfs.Scalar().find(':')) + " scratch rw");
  if (tmpfs && tmpfs.IsSequence())
    for (const auto& t : tmpfs)
      r.mounts.insert(t.as<std::string>().substr(0, t.as<std::string>().find(':')) + " scratch rw");
  for (const auto& v : svc["volumes"]) {
    if (v.IsScalar()) {
      add_volume(v.Scalar(), r.mounts);
    } else {
      bool ro = str(v["read_only"]) == "true";
      r.mounts.insert(str(v["target"]) +
                      (str(v["type"]) == "tmpfs" ? " scratch " : " persistent ") +
                      (ro ? "ro" : "rw"));
    }
  }
  // File secrets (`secrets:` with a target): read-only files.
  for (const auto& sec : svc["secrets"])
    if (sec.IsMap() && sec["target"]) r.mounts.insert(str(sec["target"]) + " persistent ro");
  const YAML::Node hc = svc["healthcheck"];
  std::vector<std::string> argv;
  if (hc && str(hc["disable"]) != "true") {
    const YAML::Node test = hc["test"];
    std::vector<std::string> t;
    if (test && test.IsScalar()) t = {"CMD-SHELL", test.Scalar()};
    if (test && test.IsSequence())
      for (const auto& x : test) t.push_back(x.as<std::string>());
    if (!t.empty() && t[0] == "CMD") argv.assign(t.begin() + 1, t.end());
    if (t.size() == 2 && t[0] == "CMD-SHELL") {
      std::string s = t[1], unescaped;  // "$$" is compose's escape for "$"
      for (size_t i = 0; i < s.size(); ++i) {
        unescaped += s[i];
        if (s[i] == '$' && i + 1 < s.size() && s[i + 1] == '$') ++i;
      }
      argv = shell_split(unescaped);
    }
  }
  if (argv.empty()) {
    r.health = "none";
  } else {
    auto d = [&](const char* k, const char* dflt) {
      return duration_seconds(hc[k] ? str(hc[k]) : std::string(dflt));
    };
    r.health = health_text(classify_probe(argv), d("interval", "30s"), d("timeout", "30s"),
                           hc["retries"] ? hc["retries"].as<int>() : 3, d("start_period", "0s"));
  }
  r.grace = duration_seconds(svc["stop_grace_period"] ? str(svc["stop_grace_period"]) : "10s");
  return r;
}

}  // namespace

Records compose_records(const test::GenOutput& out) {
  Records records;
  for (const auto& [path, text] : out.files) {
    bool compose = path == "compose.yaml" ||
                   (path.size() > 13 && path.compare(path.size() - 13, 13, "/compose.yaml") == 0 &&
                    std::count(path.begin(), path.end(), '/') == 1);
    if (!compose) continue;
    YAML::Node doc = YAML::Load(text);
    for (const auto& kv : doc["services"])
      records[kv.first.as<std::string>()] = service_record(kv.second);
  }
  return records;
}

}  // namespace gen::cross

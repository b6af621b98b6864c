// Builds spec models for rule tests without YAML: located values with
// explicit positions, and a project that passes every rule, which each test
// breaks in one place.
#pragma once

#include <string>
#include <vector>

#include "check/check.h"
#include "spec/model.h"

namespace gen::check::testing {

inline const char* kFile = "spec.yaml";

inline SourceLocation at(int line, int col) { return SourceLocation{kFile, line, col}; }

inline spec::LString str(std::string v, int line = 1, int col = 1) {
  return spec::LString{std::move(v), at(line, col)};
}
inline spec::LInt num(int64_t v, int line = 1, int col = 1) { return spec::LInt{v, at(line, col)}; }
inline spec::LBool flag(bool v, int line = 1, int col = 1) { return spec::LBool{v, at(line, col)}; }
inline spec::Duration dur(std::string text, int64_t millis, int line = 1, int col = 1) {
  return spec::Duration{{std::move(text), millis}, at(line, col)};
}

inline spec::Probe http_probe(const std::string& path, int line, int col) {
  spec::Probe p;
  p.kind = spec::Probe::Kind::Http;
  p.http_path = str(path, line, col + 6);
  p.loc = at(line, col);
  return p;
}

// A service that passes every rule: key at (line, 3), a port 8000 -> host
// `host_port` on line+1, a health check on line+2. Uid and restart come from
// the project defaults.
inline spec::Module service(const std::string& name, int line, int64_t host_port = 0) {
  spec::Module m;
  m.name = str(name, line, 3);
  m.loc = at(line, 3);
  spec::Port port;
  port.container = num(8000, line + 1, 20);
  if (host_port) port.host = num(host_port, line + 1, 32);
  port.loc = at(line + 1, 13);
  m.ports.push_back(port);
  spec::Health h;
  h.check = http_probe("/healthz", line + 2, 20);
  h.loc = at(line + 2, 5);
  m.health = h;
  return m;
}

// A project with defaults user 1001:1001, restart unless-stopped and
// stop_grace 30s, and no modules.
inline spec::Spec project() {
  spec::Spec s;
  s.file = kFile;
  s.version = num(1, 1, 10);
  s.project = str("todo", 2, 10);
  spec::User u;
  u.uid = num(1001, 4, 16);
  u.gid = num(1001, 4, 27);
  u.loc = at(4, 9);
  s.defaults.user = u;
  s.defaults.restart = str("unless-stopped", 5, 12);
  s.defaults.stop_grace = dur("30s", 30000, 6, 15);
  return s;
}

inline spec::Waiver waiver(const std::string& rule, const std::string& reason, int line) {
  return spec::Waiver{str(rule, line, 7), str(reason, line, 9 + static_cast<int>(rule.size()))};
}

// Every finding as "line:col severity[rule]: message", in reported order.
inline std::vector<std::string> findings(const spec::Spec& s) {
  Diagnostics d;
  check_spec(s, d);
  std::vector<std::string> out;
  for (const auto& x : d.items())
    out.push_back(std::to_string(x.range.begin.line) + ":" + std::to_string(x.range.begin.column) +
                  " " + severity_name(x.severity) + "[" + x.rule_id + "]: " + x.message);
  return out;
}

// The findings of one rule, with their notes and help, one string each.
inline std::vector<std::string> full(const spec::Spec& s, const std::string& rule) {
  Diagnostics d;
  check_spec(s, d);
  std::vector<std::string> out;
  for (const auto& x : d.items()) {
    if (x.rule_id != rule) continue;
    std::string text = std::to_string(x.range.begin.line) + ":" +
                       std::to_string(x.range.begin.column) + " " + x.message;
    for (const auto& n : x.notes) {
      text += "\n  note: " + n.message;
      if (n.range) text += " (" + std::to_string(n.range->begin.line) + ":" + std::to_string(n.range->begin.column) + ")";
    }
    if (!x.help.empty()) text += "\n  help: " + x.help;
    out.push_back(text);
  }
  return out;
}

using Lines = std::vector<std::string>;

}  // namespace gen::check::testing

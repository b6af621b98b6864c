// Small helpers to build spec::Spec values by hand in resolve tests, so they
// do not depend on the loader's YAML syntax.
#pragma once

#include <string>

#include "spec/model.h"

namespace gen::test {

inline spec::LString ls(const std::string& s) { return spec::LString{s, {}}; }
inline spec::LInt li(int64_t v) { return spec::LInt{v, {}}; }
inline spec::LBool lb(bool v) { return spec::LBool{v, {}}; }
inline spec::Duration dur(const std::string& text, int64_t millis) {
  return spec::Duration{{text, millis}, {}};
}

inline spec::Module module(const std::string& name) {
  spec::Module m;
  m.name = ls(name);
  return m;
}

inline spec::Port port(int64_t container, std::optional<int64_t> host = std::nullopt) {
  spec::Port p;
  p.container = li(container);
  if (host) p.host = li(*host);
  return p;
}

inline spec::EnvVar env(const std::string& name, spec::EnvVar::Kind kind,
                        std::optional<std::string> value = std::nullopt) {
  spec::EnvVar e;
  e.name = ls(name);
  e.kind = kind;
  if (value) e.value = ls(*value);
  return e;
}

inline spec::Probe http(const std::string& path) {
  spec::Probe p;
  p.kind = spec::Probe::Kind::Http;
  p.http_path = ls(path);
  return p;
}

inline spec::Mount mount(spec::Mount::Kind kind, const std::string& source,
                         const std::string& target) {
  spec::Mount m;
  m.kind = kind;
  m.source = ls(source);
  m.target = ls(target);
  return m;
}

inline spec::Dependency dep(const std::string& module, const std::string& condition) {
  return spec::Dependency{ls(module), ls(condition)};
}

inline spec::Spec spec_with(std::vector<spec::Module> modules) {
  spec::Spec s;
  s.file = "specs/t.yaml";
  s.version = li(1);
  s.project = ls("t");
  s.modules = std::move(modules);
  return s;
}

}  // namespace gen::test

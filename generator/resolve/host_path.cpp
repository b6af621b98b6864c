#include "resolve/host_path.h"

#include <vector>

namespace gen::resolve {

std::string normalize_path(const std::string& path) {
  bool absolute = !path.empty() && path.front() == '/';
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string seg = path.substr(start, end - start);
    if (seg.empty() || seg == ".") {
      // skip
    } else if (seg == "..") {
      if (!parts.empty() && parts.back() != "..")
        parts.pop_back();
      else if (!absolute)
        parts.push_back("..");  // "/.." is "/"
    } else {
      parts.push_back(seg);
    }
    start = end + 1;
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); ++i) out += (i ? "/" : "") + parts[i];
  if (out.empty()) out = ".";
  return out;
}

namespace {
bool is_outside(const std::string& p) { return p == ".." || p.rfind("../", 0) == 0; }
}  // namespace

std::string path_from_root(const std::string& p) {
  if (p == "." || p.front() == '/' || is_outside(p)) return p;
  return "./" + p;
}

std::string path_from_module(const std::string& p, const std::string& module) {
  if (p.front() == '/') return p;
  if (p == ".") return "..";
  if (p == module) return ".";
  if (p.rfind(module + "/", 0) == 0) return "./" + p.substr(module.size() + 1);
  return "../" + p;
}

model::HostPath output_path(const std::string& path, const std::string& module) {
  model::HostPath out;
  out.base = model::PathBase::Output;
  out.path = normalize_path(path);
  out.single = path_from_root(out.path);
  out.per_module = path_from_module(out.path, module);
  return out;
}

model::HostPath spec_path(const std::string& path) {
  model::HostPath out;
  out.base = model::PathBase::Spec;
  out.path = normalize_path(path);
  return out;
}

}  // namespace gen::resolve

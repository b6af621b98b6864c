#include "render/out_paths.h"

#include <vector>

#include "resolve/host_path.h"

namespace gen::render {

namespace {

std::vector<std::string> segments(const std::string& normalized) {
  std::vector<std::string> out;
  if (normalized == "." || normalized == "/") return out;
  size_t start = normalized.front() == '/' ? 1 : 0;
  while (start <= normalized.size()) {
    size_t end = normalized.find('/', start);
    if (end == std::string::npos) end = normalized.size();
    out.push_back(normalized.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

}  // namespace

std::string join_path(const std::string& a, const std::string& b) {
  if (!b.empty() && b.front() == '/') return resolve::normalize_path(b);
  if (a.empty()) return resolve::normalize_path(b);
  return resolve::normalize_path(a + "/" + b);
}

std::optional<std::string> relative_path(const std::string& target, const std::string& from) {
  std::string t = resolve::normalize_path(target);
  std::string f = resolve::normalize_path(from);
  bool t_abs = t.front() == '/', f_abs = f.front() == '/';
  if (t_abs != f_abs) return t_abs ? std::optional<std::string>(t) : std::nullopt;
  auto ts = segments(t), fs = segments(f);
  size_t common = 0;
  while (common < ts.size() && common < fs.size() && ts[common] == fs[common]) ++common;
  std::string out;
  for (size_t i = common; i < fs.size(); ++i) {
    if (fs[i] == "..") return std::nullopt;  // would need the name of the dir above
    out += out.empty() ? ".." : "/..";
  }
  for (size_t i = common; i < ts.size(); ++i) out += (out.empty() ? "" : "/") + ts[i];
  return out.empty() ? "." : out;
}

std::string dot_relative(const std::string& path) {
  if (path == "." || path.empty()) return ".";
  if (path.front() == '/' || path == ".." || path.rfind("../", 0) == 0) return path;
  return "./" + path;
}

std::string spec_path_from_out(const nlohmann::ordered_json& context, const std::string& path) {
  std::string spec_dir = ".";
  if (context.contains("paths") && context["paths"].is_object() &&
      context["paths"].contains("spec_dir") && context["paths"]["spec_dir"].is_string())
    spec_dir = context["paths"]["spec_dir"].get<std::string>();
  return join_path(spec_dir, path);
}

}  // namespace gen::render

#include "template/loader.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "template/builtin_store.h"

namespace gen::tmpl {

namespace fs = std::filesystem;

bool valid_template_name(const std::string& name) {
  if (name.empty() || name[0] == '/' || name.back() == '/') return false;
  if (name.find('\0') != std::string::npos || name.find('\\') != std::string::npos) return false;
  size_t start = 0;
  while (start <= name.size()) {
    size_t end = name.find('/', start);
    if (end == std::string::npos) end = name.size();
    std::string part = name.substr(start, end - start);
    if (part.empty() || part == "." || part == "..") return false;
    start = end + 1;
  }
  return true;
}

std::optional<TemplateSource> MemoryLoader::load(const std::string& name) const {
  auto it = files_.find(name);
  if (it == files_.end()) return std::nullopt;
  return TemplateSource{name, prefix_ + name, it->second};
}

std::vector<std::string> MemoryLoader::list() const {
  std::vector<std::string> out;
  for (const auto& kv : files_) out.push_back(kv.first);
  return out;
}

std::optional<TemplateSource> DirectoryLoader::load(const std::string& name) const {
  if (!valid_template_name(name)) return std::nullopt;
  fs::path path = fs::path(root_) / name;
  std::error_code ec;
  if (!fs::is_regular_file(path, ec)) return std::nullopt;
  std::ifstream in(path, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream text;
  text << in.rdbuf();
  return TemplateSource{name, path.lexically_normal().generic_string(), text.str()};
}

std::vector<std::string> DirectoryLoader::list() const {
  std::vector<std::string> out;
  std::error_code ec;
  if (!fs::is_directory(root_, ec)) return out;
  for (fs::recursive_directory_iterator it(root_, ec), end; it != end && !ec; it.increment(ec)) {
    if (!it->is_regular_file(ec)) continue;
    std::string rel = fs::relative(it->path(), root_, ec).generic_string();
    if (valid_template_name(rel)) out.push_back(rel);
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::optional<TemplateSource> BuiltinLoader::load(const std::string& name) const {
  const BuiltinFile* files = builtin_files();
  size_t n = builtin_file_count();
  auto it = std::lower_bound(files, files + n, name,
                             [](const BuiltinFile& f, const std::string& k) { return k > f.name; });
  if (it == files + n || name != it->name) return std::nullopt;
  return TemplateSource{name, "builtin:" + name, std::string(it->data, it->size)};
}

std::vector<std::string> BuiltinLoader::list() const {
  std::vector<std::string> out;
  const BuiltinFile* files = builtin_files();
  for (size_t i = 0; i < builtin_file_count(); ++i) out.emplace_back(files[i].name);
  return out;
}

std::optional<TemplateSource> LayeredLoader::load(const std::string& name) const {
  for (const auto& layer : layers_)
    if (auto s = layer->load(name)) return s;
  return std::nullopt;
}

std::vector<std::string> LayeredLoader::list() const {
  std::vector<std::string> out;
  for (const auto& layer : layers_) {
    auto names = layer->list();
    out.insert(out.end(), names.begin(), names.end());
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::shared_ptr<const TemplateLoader> make_default_loader(const std::string& override_dir) {
  std::vector<std::shared_ptr<const TemplateLoader>> layers;
  if (!override_dir.empty()) layers.push_back(std::make_shared<DirectoryLoader>(override_dir));
  layers.push_back(std::make_shared<BuiltinLoader>());
  return std::make_shared<LayeredLoader>(std::move(layers));
}

}  // namespace gen::tmpl

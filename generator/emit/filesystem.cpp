#include "emit/filesystem.h"

namespace gen::emit {

namespace {
const char kTempTag[] = ".gen-tmp-";
}

Status FileSystem::probe(const std::string& path, Entry& entry, std::string& content,
                         size_t limit) {
  if (Status s = stat(path, entry); !s.ok()) return s;
  if (entry.kind != EntryKind::File) return Status::success();
  return read(path, content, limit);
}

Status remove_tree(FileSystem& fs, const std::string& dir) {
  std::vector<DirEntry> entries;
  if (Status s = fs.list(dir, entries); !s.ok()) return s;
  for (const auto& entry : entries) {
    std::string path = join_path(dir, entry.name);
    Status s = entry.kind == EntryKind::Directory ? remove_tree(fs, path) : fs.remove_file(path);
    if (!s.ok()) return s;
  }
  return fs.remove_dir(dir);
}

std::string temp_file_name(const std::string& target_name, const std::string& unique) {
  return "." + target_name + kTempTag + unique;
}

bool is_temp_file_name(const std::string& name) {
  return name.size() > 1 && name[0] == '.' && name.find(kTempTag) != std::string::npos;
}

std::string temp_file_unique(const std::string& name) {
  size_t tag = name.rfind(kTempTag);
  return tag == std::string::npos ? "" : name.substr(tag + sizeof(kTempTag) - 1);
}

std::string join_path(const std::string& dir, const std::string& name) {
  if (dir.empty() || dir == ".") return name;
  if (dir.back() == '/') return dir + name;
  return dir + "/" + name;
}

std::string dir_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

std::string base_name(const std::string& path) {
  size_t slash = path.find_last_of('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

}  // namespace gen::emit

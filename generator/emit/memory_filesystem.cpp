#include "emit/memory_filesystem.h"

#include <sstream>

namespace gen::emit {

namespace {

std::vector<std::string> components(const std::string& absolute_path) {
  std::vector<std::string> parts;
  std::stringstream ss(absolute_path);
  std::string part;
  while (std::getline(ss, part, '/')) {
    if (part.empty() || part == ".") continue;
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
      continue;
    }
    parts.push_back(part);
  }
  return parts;
}

std::string key_of(const std::vector<std::string>& parts, size_t count) {
  std::string key;
  for (size_t i = 0; i < count; ++i) key += "/" + parts[i];
  return key.empty() ? "/" : key;
}

std::string parent_key(const std::string& key) {
  size_t slash = key.find_last_of('/');
  return slash == 0 ? "/" : key.substr(0, slash);
}

std::string child_key(const std::string& dir_key, const std::string& name) {
  return dir_key == "/" ? "/" + name : dir_key + "/" + name;
}

bool is_below(const std::string& key, const std::string& ancestor_key) {
  std::string prefix = child_key(ancestor_key, "");
  return key.size() > prefix.size() && key.compare(0, prefix.size(), prefix) == 0;
}

}  // namespace

MemoryFileSystem::MemoryFileSystem(std::string cwd) : cwd_(std::move(cwd)) {
  nodes_["/"] = Node{EntryKind::Directory, "", false, 0};
  ensure_dirs(key_of(components(cwd_), components(cwd_).size()));
}

std::string MemoryFileSystem::absolute(const std::string& path) const {
  return !path.empty() && path[0] == '/' ? path : cwd_ + "/" + path;
}

void MemoryFileSystem::ensure_dirs(const std::string& key) {
  auto parts = components(key);
  for (size_t i = 1; i <= parts.size(); ++i) {
    std::string k = key_of(parts, i);
    if (!nodes_.count(k)) nodes_[k] = Node{EntryKind::Directory, "", false, 0};
  }
}

void MemoryFileSystem::add_file(const std::string& path, std::string content, bool executable) {
  std::string key = key_of(components(absolute(path)), components(absolute(path)).size());
  ensure_dirs(parent_key(key));
  nodes_[key] = Node{EntryKind::File, std::move(content), executable, 0};
}

void MemoryFileSystem::add_dir(const std::string& path) { ensure_dirs(absolute(path)); }

void MemoryFileSystem::add_symlink(const std::string& path, std::string target) {
  std::string key = key_of(components(absolute(path)), components(absolute(path)).size());
  ensure_dirs(parent_key(key));
  nodes_[key] = Node{EntryKind::Symlink, std::move(target), false, 0};
}

bool MemoryFileSystem::exists(const std::string& path) const {
  auto parts = components(absolute(path));
  return nodes_.count(key_of(parts, parts.size())) > 0;
}

std::string MemoryFileSystem::content(const std::string& path) const {
  auto parts = components(absolute(path));
  auto it = nodes_.find(key_of(parts, parts.size()));
  return it != nodes_.end() && it->second.kind == EntryKind::File ? it->second.content : "";
}

bool MemoryFileSystem::is_executable(const std::string& path) const {
  auto parts = components(absolute(path));
  auto it = nodes_.find(key_of(parts, parts.size()));
  return it != nodes_.end() && it->second.executable;
}

int MemoryFileSystem::generation(const std::string& path) const {
  auto parts = components(absolute(path));
  auto it = nodes_.find(key_of(parts, parts.size()));
  return it == nodes_.end() ? -1 : it->second.generation;
}

std::vector<std::string> MemoryFileSystem::tree(const std::string& dir) const {
  auto parts = components(absolute(dir));
  std::string prefix = key_of(parts, parts.size());
  if (prefix != "/") prefix += "/";
  std::vector<std::string> out;
  for (const auto& [key, node] : nodes_) {
    if (key.size() <= prefix.size() || key.compare(0, prefix.size(), prefix) != 0) continue;
    std::string rel = key.substr(prefix.size());
    switch (node.kind) {
      case EntryKind::Directory:
        out.push_back(rel + "/");
        break;
      case EntryKind::Symlink:
        out.push_back(rel + " -> " + node.content);
        break;
      default:
        out.push_back(rel);
    }
  }
  return out;
}

void MemoryFileSystem::fail_on(Op op, int nth, std::string message) {
  failures_.push_back(Failure{op, calls(op) + nth, std::move(message)});
}

int MemoryFileSystem::calls(Op op) const {
  auto it = calls_.find(op);
  return it == calls_.end() ? 0 : it->second;
}

Status MemoryFileSystem::begin(Op op) {
  int call = ++calls_[op];
  for (const auto& f : failures_)
    if (f.op == op && f.at_call == call) return Status::failure(f.message);
  return Status::success();
}

Status MemoryFileSystem::walk(const std::string& path, bool follow_last, std::string& key,
                              int depth) const {
  if (depth > 40) return Status::failure("Too many levels of symbolic links");
  auto parts = components(absolute(path));
  std::string cur = "/";
  for (size_t i = 0; i < parts.size(); ++i) {
    std::string next = cur == "/" ? "/" + parts[i] : cur + "/" + parts[i];
    bool last = i + 1 == parts.size();
    auto it = nodes_.find(next);
    if (it == nodes_.end()) {
      if (!last) return Status::failure("No such file or directory");
      cur = next;
      continue;
    }
    if (it->second.kind == EntryKind::Symlink && (!last || follow_last)) {
      const std::string& target = it->second.content;
      std::string rest = target[0] == '/' ? target : cur + "/" + target;
      for (size_t j = i + 1; j < parts.size(); ++j) rest += "/" + parts[j];
      return walk(rest, follow_last, key, depth + 1);
    }
    if (!last && it->second.kind != EntryKind::Directory) return Status::failure("Not a directory");
    cur = next;
  }
  key = cur;
  return Status::success();
}

bool MemoryFileSystem::has_children(const std::string& key) const {
  std::string prefix = key == "/" ? "/" : key + "/";
  auto it = nodes_.upper_bound(prefix);
  return it != nodes_.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

Status MemoryFileSystem::stat(const std::string& path, Entry& entry) {
  if (Status s = begin(Op::Stat); !s.ok()) return s;
  std::string key;
  entry = Entry{};
  if (!walk(path, false, key).ok()) return Status::success();  // missing
  auto it = nodes_.find(key);
  if (it == nodes_.end()) return Status::success();
  entry.kind = it->second.kind;
  entry.executable = it->second.kind == EntryKind::File && it->second.executable;
  if (entry.kind == EntryKind::File) entry.size = it->second.content.size();
  return Status::success();
}

Status MemoryFileSystem::read(const std::string& path, std::string& content, size_t limit) {
  if (Status s = begin(Op::Read); !s.ok()) return s;
  std::string key;
  if (Status s = walk(path, true, key); !s.ok()) return s;
  auto it = nodes_.find(key);
  if (it == nodes_.end()) return Status::failure("No such file or directory");
  if (it->second.kind != EntryKind::File) return Status::failure("Is a directory");
  content = it->second.content.substr(0, limit);
  bytes_read_ += content.size();
  return Status::success();
}

Status MemoryFileSystem::list(const std::string& dir, std::vector<DirEntry>& entries) {
  if (Status s = begin(Op::List); !s.ok()) return s;
  std::string key;
  if (Status s = walk(dir, true, key); !s.ok()) return s;
  auto it = nodes_.find(key);
  if (it == nodes_.end()) return Status::failure("No such file or directory");
  if (it->second.kind != EntryKind::Directory) return Status::failure("Not a directory");
  entries.clear();
  std::string prefix = key == "/" ? "/" : key + "/";
  for (auto c = nodes_.upper_bound(prefix);
       c != nodes_.end() && c->first.compare(0, prefix.size(), prefix) == 0; ++c) {
    std::string rel = c->first.substr(prefix.size());
    if (rel.find('/') == std::string::npos) entries.push_back(DirEntry{rel, c->second.kind});
  }
  return Status::success();
}

Status MemoryFileSystem::make_dir(const std::string& path) {
  if (Status s = begin(Op::MakeDir); !s.ok()) return s;
  std::string key;
  if (Status s = walk(path, false, key); !s.ok()) return s;
  if (nodes_.count(key)) return Status::failure("File exists");
  auto parent = nodes_.find(parent_key(key));
  if (parent == nodes_.end()) return Status::failure("No such file or directory");
  nodes_[key] = Node{EntryKind::Directory, "", false, 0};
  return Status::success();
}

Status MemoryFileSystem::parent_dir(const std::string& path, std::string& dir_key) const {
  if (Status s = walk(dir_name(path), true, dir_key); !s.ok()) return s;
  auto parent = nodes_.find(dir_key);
  if (parent == nodes_.end()) return Status::failure("No such file or directory");
  if (parent->second.kind != EntryKind::Directory) return Status::failure("Not a directory");
  return Status::success();
}

std::string MemoryFileSystem::add_beside(const std::string& target, const std::string& dir_key,
                                         const std::string& unique, Node node) {
  std::string name = temp_file_name(base_name(target), unique);
  nodes_[child_key(dir_key, name)] = std::move(node);
  return join_path(dir_name(target), name);
}

Status MemoryFileSystem::make_temp_dir(const std::string& target, std::string& temp_path) {
  if (Status s = begin(Op::MakeTempDir); !s.ok()) return s;
  std::string dir;
  if (Status s = parent_dir(target, dir); !s.ok()) return s;
  temp_path = add_beside(target, dir, "dir" + std::to_string(next_generation_++),
                         Node{EntryKind::Directory, "", false, 0});
  return Status::success();
}

Status MemoryFileSystem::write_temp(const std::string& target, const std::string& content,
                                    bool executable, std::string& temp_path) {
  if (Status s = begin(Op::WriteTemp); !s.ok()) return s;
  std::string dir;
  if (Status s = parent_dir(target, dir); !s.ok()) return s;
  int generation = next_generation_++;
  temp_path = add_beside(target, dir, std::to_string(generation),
                         Node{EntryKind::File, content, executable, generation});
  return Status::success();
}

Status MemoryFileSystem::write_new(const std::string& path, const std::string& content,
                                   bool executable) {
  if (Status s = begin(Op::WriteNew); !s.ok()) return s;
  std::string dir;
  if (Status s = parent_dir(path, dir); !s.ok()) return s;
  std::string key = child_key(dir, base_name(path));
  if (nodes_.count(key)) return Status::failure("File exists");
  nodes_[key] = Node{EntryKind::File, content, executable, next_generation_++};
  return Status::success();
}

Status MemoryFileSystem::link_aside(const std::string& path, std::string& aside_path) {
  if (Status s = begin(Op::LinkAside); !s.ok()) return s;
  std::string key;
  if (Status s = walk(path, false, key); !s.ok()) return s;
  auto it = nodes_.find(key);
  if (it == nodes_.end() || it->second.kind != EntryKind::File)
    return Status::failure("No such file or directory");
  // Files are never changed in place, so a copy behaves like a second link.
  aside_path =
      add_beside(path, parent_key(key), "link" + std::to_string(next_generation_++), it->second);
  return Status::success();
}

Status MemoryFileSystem::rename(const std::string& from, const std::string& to) {
  if (Status s = begin(Op::Rename); !s.ok()) return s;
  std::string from_key, to_key;
  if (Status s = walk(from, false, from_key); !s.ok()) return s;
  if (Status s = walk(to, false, to_key); !s.ok()) return s;
  auto src = nodes_.find(from_key);
  if (src == nodes_.end()) return Status::failure("No such file or directory");
  auto parent = nodes_.find(parent_key(to_key));
  if (parent == nodes_.end() || parent->second.kind != EntryKind::Directory)
    return Status::failure("No such file or directory");
  if (from_key == to_key) return Status::success();
  // What rename(2) refuses to replace: a kind by another, a directory that
  // is not empty; nor does it move a directory into itself.
  bool moves_dir = src->second.kind == EntryKind::Directory;
  auto dst = nodes_.find(to_key);
  if (dst != nodes_.end()) {
    bool onto_dir = dst->second.kind == EntryKind::Directory;
    if (onto_dir && !moves_dir) return Status::failure("Is a directory");
    if (!onto_dir && moves_dir) return Status::failure("Not a directory");
    if (onto_dir && has_children(to_key)) return Status::failure("Directory not empty");
  }
  if (is_below(to_key, from_key)) return Status::failure("Invalid argument");
  move_tree(from_key, to_key);
  return Status::success();
}

void MemoryFileSystem::move_tree(const std::string& from_key, const std::string& to_key) {
  std::map<std::string, Node> moved;
  moved[to_key] = std::move(nodes_.at(from_key));
  nodes_.erase(from_key);
  // Below `from_key` by prefix: a sibling like "a-b" may sort between "a"
  // and "a/...".
  std::string prefix = child_key(from_key, "");
  for (auto it = nodes_.lower_bound(prefix);
       it != nodes_.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
    moved[to_key + it->first.substr(from_key.size())] = std::move(it->second);
    it = nodes_.erase(it);
  }
  nodes_.erase(to_key);  // an empty directory it replaces
  nodes_.insert(moved.begin(), moved.end());
}

Status MemoryFileSystem::remove_file(const std::string& path) {
  if (Status s = begin(Op::RemoveFile); !s.ok()) return s;
  std::string key;
  if (Status s = walk(path, false, key); !s.ok()) return s;
  auto it = nodes_.find(key);
  if (it == nodes_.end()) return Status::failure("No such file or directory");
  if (it->second.kind == EntryKind::Directory) return Status::failure("Is a directory");
  nodes_.erase(it);
  return Status::success();
}

Status MemoryFileSystem::remove_dir(const std::string& path) {
  if (Status s = begin(Op::RemoveDir); !s.ok()) return s;
  std::string key;
  if (Status s = walk(path, false, key); !s.ok()) return s;
  auto it = nodes_.find(key);
  if (it == nodes_.end()) return Status::failure("No such file or directory");
  if (it->second.kind != EntryKind::Directory) return Status::failure("Not a directory");
  if (has_children(key)) return Status::failure("Directory not empty");
  nodes_.erase(it);
  return Status::success();
}

Status MemoryFileSystem::set_executable(const std::string& path, bool executable) {
  if (Status s = begin(Op::SetExecutable); !s.ok()) return s;
  std::string key;
  if (Status s = walk(path, true, key); !s.ok()) return s;
  auto it = nodes_.find(key);
  if (it == nodes_.end() || it->second.kind != EntryKind::File)
    return Status::failure("No such file or directory");
  it->second.executable = executable;
  return Status::success();
}

Status MemoryFileSystem::resolve(const std::string& path, std::string& resolved) {
  if (Status s = begin(Op::Resolve); !s.ok()) return s;
  std::string key;
  if (Status s = walk(path, true, key); !s.ok()) return s;
  if (!nodes_.count(key)) return Status::failure("No such file or directory");
  resolved = key;
  return Status::success();
}

}  // namespace gen::emit

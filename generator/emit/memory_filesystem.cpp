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

Status MemoryFileSystem::write_temp(const std::string& target, const std::string& content,
                                    bool executable, std::string& temp_path) {
  if (Status s = begin(Op::WriteTemp); !s.ok()) return s;
  std::string dir = dir_name(target), key;
  if (Status s = walk(dir, true, key); !s.ok()) return s;
  auto parent = nodes_.find(key);
  if (parent == nodes_.end()) return Status::failure("No such file or directory");
  if (parent->second.kind != EntryKind::Directory) return Status::failure("Not a directory");
  int generation = next_generation_++;
  std::string name = temp_file_name(base_name(target), std::to_string(generation));
  nodes_[key == "/" ? "/" + name : key + "/" + name] =
      Node{EntryKind::File, content, executable, generation};
  temp_path = join_path(dir, name);
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
  std::string name = temp_file_name(base_name(key), "link" + std::to_string(next_generation_++));
  nodes_[parent_key(key) == "/" ? "/" + name : parent_key(key) + "/" + name] = it->second;
  aside_path = join_path(dir_name(path), name);
  return Status::success();
}

Status MemoryFileSystem::rename(const std::string& from, const std::string& to) {
  if (Status s = begin(Op::Rename); !s.ok()) return s;
  std::string from_key, to_key;
  if (Status s = walk(from, false, from_key); !s.ok()) return s;
  if (Status s = walk(to, false, to_key); !s.ok()) return s;
  auto src = nodes_.find(from_key);
  if (src == nodes_.end()) return Status::failure("No such file or directory");
  if (src->second.kind == EntryKind::Directory)
    return Status::failure("renaming directories is not modelled");
  auto parent = nodes_.find(parent_key(to_key));
  if (parent == nodes_.end() || parent->second.kind != EntryKind::Directory)
    return Status::failure("No such file or directory");
  auto dst = nodes_.find(to_key);
  if (dst != nodes_.end() && dst->second.kind == EntryKind::Directory)
    return Status::failure("Is a directory");
  if (from_key == to_key) return Status::success();
  Node node = src->second;
  nodes_.erase(src);
  nodes_[to_key] = std::move(node);
  return Status::success();
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

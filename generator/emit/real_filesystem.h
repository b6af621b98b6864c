// FileSystem on the real disk (POSIX calls). New files get mode 0666, or
// 0777 when executable, less the umask: what `git checkout` would give them.
#pragma once

#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>

#include "emit/filesystem.h"

namespace gen::emit {

class RealFileSystem : public FileSystem {
 public:
  Status stat(const std::string& path, Entry& entry) override;
  Status read(const std::string& path, std::string& content,
              size_t limit = static_cast<size_t>(-1)) override;
  Status probe(const std::string& path, Entry& entry, std::string& content,
               size_t limit = static_cast<size_t>(-1)) override;
  bool concurrent() const override { return true; }
  Status list(const std::string& dir, std::vector<DirEntry>& entries) override;
  Status make_dir(const std::string& path) override;
  Status make_temp_dir(const std::string& target, std::string& temp_path) override;
  Status write_temp(const std::string& target, const std::string& content, bool executable,
                    std::string& temp_path) override;
  Status write_new(const std::string& path, const std::string& content, bool executable) override;
  Status link_aside(const std::string& path, std::string& aside_path) override;
  Status rename(const std::string& from, const std::string& to) override;
  Status remove_file(const std::string& path) override;
  Status remove_dir(const std::string& path) override;
  Status set_executable(const std::string& path, bool executable) override;
  Status resolve(const std::string& path, std::string& resolved) override;
  // Names carry the pid of the run that made them: in use while a process
  // with that pid lives in this pid namespace (this one included).
  bool temp_in_use(const std::string& name) const override;

 private:
  std::string next_unique();  // with the pid, makes temp names unique
  // Calls `create` (0 or an errno) on fresh temporary names beside `target`
  // until one is free; `made` is the name it created.
  Status create_beside(const std::string& target,
                       const std::function<int(const std::string&)>& create, std::string& made);
  // Asked once (a name per file made a system call each time); a process
  // forked later makes its own RealFileSystem.
  std::string pid_ = std::to_string(::getpid());
  std::atomic<unsigned long> next_temp_{0};
};

}  // namespace gen::emit

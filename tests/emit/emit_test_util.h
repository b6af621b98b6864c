// Helpers shared by the emit tests: FileSets from literals, snapshots of
// an in-memory tree (every entry, its bytes and executable bit) to assert
// that a refused or failed write left it exactly as it was, and scratch
// directories on the real disk.
#pragma once

#include <stdlib.h>

#include <catch2/catch.hpp>
#include <cstdlib>
#include <map>
#include <string>
#include <vector>

#include "diagnostics/render.h"
#include "emit/memory_filesystem.h"
#include "util/file_set.h"

namespace gen::test {

// A fresh directory under /tmp, removed with all it holds at the end.
struct TempDir {
  std::string path;
  TempDir() {
    char tmpl[] = "/tmp/gen-emit-test-XXXXXX";
    REQUIRE(mkdtemp(tmpl) != nullptr);
    path = tmpl;
  }
  ~TempDir() { std::system(("rm -rf '" + path + "'").c_str()); }
};


inline FileSet file_set(const std::map<std::string, std::string>& files) {
  FileSet set;
  for (const auto& [path, content] : files)
    set[path] = OutputFile{content, "t/" + path + ".j2"};
  return set;
}

struct Snapshot {
  std::vector<std::string> tree;
  std::map<std::string, std::string> contents;
  std::map<std::string, bool> executable;
  std::map<std::string, int> generations;

  bool operator==(const Snapshot& o) const {
    return tree == o.tree && contents == o.contents && executable == o.executable &&
           generations == o.generations;
  }
};

inline Snapshot snapshot(const emit::MemoryFileSystem& fs, const std::string& dir = "/") {
  Snapshot s;
  s.tree = fs.tree(dir);
  for (const auto& entry : s.tree) {
    if (entry.back() == '/' || entry.find(" -> ") != std::string::npos) continue;
    std::string path = dir == "/" ? "/" + entry : dir + "/" + entry;
    s.contents[entry] = fs.content(path);
    s.executable[entry] = fs.is_executable(path);
    s.generations[entry] = fs.generation(path);
  }
  return s;
}

inline std::string human(const Diagnostics& diags) {
  SourceFiles none;
  return render_diagnostics(diags, none, RenderOptions{});
}

}  // namespace gen::test

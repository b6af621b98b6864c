// A spec directory for tests that run the built gen: gen.yaml (a common
// head naming `project`, then `body`) and the files a test writes beside it,
// under the temporary directory; removed with the object.
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace gen::test {

struct SpecDir {
  std::filesystem::path dir;
  SpecDir(const std::string& tag, const std::string& project, const std::string& body) {
    static int n = 0;
    dir = std::filesystem::temp_directory_path() /
          ("gen-" + tag + "-" + std::to_string(getpid()) + "-" + std::to_string(++n));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    write("gen.yaml", "version: 1\nproject: " + project +
                          "\ndefaults:\n  user: {uid: 10001, gid: 10001}\n"
                          "  restart: unless-stopped\n" + body);
  }
  ~SpecDir() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  SpecDir(const SpecDir&) = delete;
  SpecDir& operator=(const SpecDir&) = delete;
  // Writes `text` at `rel` (directories created).
  void write(const std::string& rel, const std::string& text) const {
    std::filesystem::create_directories((dir / rel).parent_path());
    std::ofstream(dir / rel) << text;
  }
  std::string spec() const { return (dir / "gen.yaml").string(); }
};

}  // namespace gen::test

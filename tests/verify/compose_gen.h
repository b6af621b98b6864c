// Test helper for the dockerfile and compose targets end to end: run the
// built gen binary (GEN_BINARY) with arguments, from a chosen directory,
// writing into a fresh output directory, and read back every file written.
#pragma once

#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace gen::test {

namespace fs = std::filesystem;

inline std::string sh_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::string read_text(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

inline void write_text(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << text;
}

// A scratch directory removed at the end of the test.
struct Scratch {
  fs::path dir;
  Scratch() {
    static int counter = 0;
    dir = fs::temp_directory_path() /
          ("gen-compose-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter));
    fs::remove_all(dir);
    fs::create_directories(dir);
  }
  ~Scratch() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
};

struct GenRun {
  int code = -1;
  std::string out, err;
  std::map<std::string, std::string> files;  // under the --out directory

  bool has(const std::string& path) const { return files.count(path) > 0; }
  const std::string& at(const std::string& path) const { return files.at(path); }
};

// `cd cwd && gen args...`; `out` (relative to cwd or absolute) is the --out
// directory whose files are read back ("" = none).
inline GenRun run_gen_in(const fs::path& cwd, const std::vector<std::string>& args,
                         const std::string& out = "") {
  GenRun r;
  fs::path base = cwd / ".gen-run";
  std::string cmd = "cd " + sh_quote(cwd.string()) + " && NO_COLOR=1 " + sh_quote(GEN_BINARY);
  for (const auto& a : args) cmd += " " + sh_quote(a);
  if (!out.empty()) cmd += " --out " + sh_quote(out);
  cmd += " >" + sh_quote(base.string() + ".out") + " 2>" + sh_quote(base.string() + ".err");
  int status = std::system(cmd.c_str());
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.out = read_text(base.string() + ".out");
  r.err = read_text(base.string() + ".err");
  fs::remove(base.string() + ".out");
  fs::remove(base.string() + ".err");
  fs::path dir =
      out.empty() ? fs::path() : (fs::path(out).is_absolute() ? fs::path(out) : cwd / out);
  if (!out.empty() && fs::exists(dir))
    for (const auto& e : fs::recursive_directory_iterator(dir))
      if (e.is_regular_file())
        r.files[fs::relative(e.path(), dir).generic_string()] = read_text(e.path());
  return r;
}

// The repository's specs/ copied into `root`, so gen runs with the same
// relative paths as scripts/update-examples.sh (specs/<name>.yaml rendered
// into output-examples/<name>).
inline void copy_specs(const fs::path& root) {
  fs::copy(fs::path(GEN_SOURCE_DIR) / "specs", root / "specs", fs::copy_options::recursive);
}

}  // namespace gen::test

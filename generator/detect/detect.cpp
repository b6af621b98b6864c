#include "detect/detect.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "spec/starter.h"

namespace gen::detect {

namespace fs = std::filesystem;

namespace {

constexpr int kMaxDepth = 4;
constexpr size_t kMaxEntries = 20000;
constexpr std::uintmax_t kMaxReadBytes = 512 * 1024;

// Directories that hold dependencies, build output or tooling, never a
// module of their own.
bool skipped_dir(const std::string& name) {
  static const std::set<std::string> names = {
      "node_modules", "vendor", "target", "dist", "build", "out", "bin", "obj", "venv",
      "__pycache__", "coverage", "deploy", "tmp"};
  return name.empty() || name[0] == '.' || names.count(name) > 0;
}

// A regular file's text, at most kMaxReadBytes (what detection reads is a
// hint, never the whole of a large file).
std::string read_head(const fs::path& p) {
  std::error_code ec;
  if (!fs::is_regular_file(fs::symlink_status(p, ec))) return "";
  std::ifstream in(p, std::ios::binary);
  std::string text(kMaxReadBytes, '\0');
  in.read(&text[0], static_cast<std::streamsize>(text.size()));
  text.resize(static_cast<size_t>(in.gcount()));
  return text;
}

bool mentions(const std::string& text, const std::string& quoted_name) {
  return text.find("\"" + quoted_name + "\"") != std::string::npos;
}

struct DirFiles {
  std::set<std::string> names;  // regular files directly in the directory
  bool has_suffix(const std::string& suffix) const {
    return std::any_of(names.begin(), names.end(), [&](const std::string& n) {
      return n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0;
    });
  }
  bool has(const std::string& n) const { return names.count(n) > 0; }
};

// The stack a directory's manifests say, the first match in this order.
std::optional<Guess> stack_of(const fs::path& dir, const DirFiles& f) {
  if (f.has("package.json")) {
    const std::string pkg = read_head(dir / "package.json");
    if (mentions(pkg, "next")) return Guess{"nextjs", "package.json depends on next"};
    if (f.has("bun.lock") || f.has("bun.lockb")) return Guess{"bun", "bun.lock"};
    const bool server = mentions(pkg, "express") || mentions(pkg, "fastify") ||
                        mentions(pkg, "koa") || mentions(pkg, "@nestjs/core") ||
                        mentions(pkg, "@hapi/hapi");
    for (const char* spa : {"@angular/core", "vue", "react-scripts", "vite", "svelte"})
      if (!server && mentions(pkg, spa))
        return Guess{"static", std::string("package.json: a ") + spa + " app built to static files"};
    return Guess{"node", "package.json"};
  }
  if (f.has("go.mod")) return Guess{"go", "go.mod"};
  if (f.has("Cargo.toml")) return Guess{"rust", "Cargo.toml"};
  if (f.has("pom.xml")) return Guess{"java-maven", "pom.xml"};
  if (f.has("build.gradle") || f.has("build.gradle.kts"))
    return Guess{"java-gradle", f.has("build.gradle") ? "build.gradle" : "build.gradle.kts"};
  if (f.has_suffix(".csproj")) return Guess{"dotnet", "a .csproj project"};
  if (f.has("Gemfile")) return Guess{"ruby", "Gemfile"};
  if (f.has("composer.json")) return Guess{"php", "composer.json"};
  if (f.has("uv.lock")) return Guess{"python-uv", "uv.lock"};
  if (f.has("requirements.txt")) return Guess{"python-pip", "requirements.txt"};
  if (f.has("pyproject.toml")) return Guess{"python-pip", "pyproject.toml"};
  if (f.has_suffix(".php")) return Guess{"php", "PHP sources"};
  return std::nullopt;
}

// The port each stack's programs usually listen on, when nothing says.
int usual_port(const std::string& stack) {
  static const std::map<std::string, int> ports = {
      {"node", 3000},       {"nextjs", 3000},    {"bun", 3000},    {"ruby", 3000},
      {"python-uv", 8000},  {"python-pip", 8000}, {"go", 8080},     {"rust", 8080},
      {"java-maven", 8080}, {"java-gradle", 8080}, {"dotnet", 8080}, {"php", 8080},
      {"static", 8080}};
  auto it = ports.find(stack);
  return it == ports.end() ? 0 : it->second;
}

// The first port EXPOSEd in the stage the Dockerfile builds.
std::optional<int> exposed_port(const dockerfile::DockerStage& stage) {
  for (const auto& ins : stage.instructions) {
    if (ins.keyword != "EXPOSE") continue;
    std::istringstream words(ins.args);
    std::string w;
    while (words >> w) {
      w = w.substr(0, w.find('/'));
      if (!w.empty() && w.size() <= 5 && w.find_first_not_of("0123456789") == std::string::npos) {
        int port = std::stoi(w);
        if (port > 0 && port < 65536) return port;
      }
    }
  }
  return std::nullopt;
}

// An HTTP health endpoint written in the sources, as a quoted literal.
std::optional<Guess> health_path(const fs::path& dir, const std::string& shown) {
  static const std::set<std::string> sources = {".go", ".rs", ".py", ".js", ".mjs", ".ts", ".java",
                                                ".kt", ".cs", ".rb", ".php"};
  static const char* const paths[] = {"/healthz", "/health", "/livez", "/readyz", "/ping"};
  std::error_code ec;
  size_t seen = 0;
  std::map<int, std::string> found;  // rank -> file it is in
  fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
  for (; !ec && it != end && seen < 2000; it.increment(ec)) {
    ++seen;
    const std::string name = it->path().filename().string();
    if (it->is_directory(ec)) {
      if (skipped_dir(name) || it.depth() >= kMaxDepth) it.disable_recursion_pending();
      continue;
    }
    if (!sources.count(it->path().extension().string()) || it->is_symlink(ec)) continue;
    const std::string text = read_head(it->path());
    for (int rank = 0; rank < 5; ++rank)
      for (char q : {'"', '\'', '`'})
        if (!found.count(rank) &&
            text.find(q + std::string(paths[rank]) + q) != std::string::npos)
          found[rank] = fs::relative(it->path(), dir, ec).generic_string();
  }
  if (found.empty()) return std::nullopt;
  return Guess{paths[found.begin()->first],
               "\"" + std::string(paths[found.begin()->first]) + "\" in " + shown + "/" +
                   found.begin()->second};
}

DetectedModule detect_dir(const fs::path& root, const fs::path& dir, const DirFiles& files) {
  DetectedModule m;
  std::error_code ec;
  const std::string rel = fs::relative(dir, root, ec).generic_string();
  m.dir = rel.empty() || rel == "." ? "." : "./" + rel;
  m.stack = stack_of(dir, files);
  if (files.has("Dockerfile")) {
    m.dockerfile = (m.dir == "." ? "." : m.dir) + "/Dockerfile";
    auto df = check::read_own_dockerfile((root / "gen.yaml").generic_string(), m.dockerfile);
    const dockerfile::DockerStage* stage =
        df && !df->unreadable ? check::built_stage(df->parse, nullptr) : nullptr;
    if (!stage) {
      m.dockerfile.clear();  // no stage to build: gen cannot use it
    } else {
      if (auto port = exposed_port(*stage))
        m.port = Guess{std::to_string(*port), "EXPOSE " + std::to_string(*port) + " in " + m.dockerfile};
      m.user = check::image_user(df->parse, stage);
      if (m.user.user) m.user_where = m.dockerfile + ":" + std::to_string(m.user.user->line);
    }
  }
  if (!m.port && m.stack && usual_port(m.stack->value))
    m.port = Guess{std::to_string(usual_port(m.stack->value)),
                   "a guess: the usual port of " + m.stack->value};
  m.health = health_path(dir, m.dir);
  return m;
}

}  // namespace

std::vector<DetectedModule> detect_modules(const fs::path& given) {
  std::error_code ec;
  fs::path root = fs::absolute(given, ec).lexically_normal();
  if (root.filename().empty()) root = root.parent_path();  // "/x/" -> "/x"
  std::vector<DetectedModule> out;
  size_t entries = 0;
  std::vector<std::pair<fs::path, int>> todo = {{root, 0}};
  while (!todo.empty() && entries < kMaxEntries) {
    auto [dir, depth] = todo.back();
    todo.pop_back();
    DirFiles files;
    std::vector<fs::path> subdirs;
    std::error_code ec;
    for (fs::directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec), end;
         !ec && it != end && entries < kMaxEntries; it.increment(ec)) {
      ++entries;
      const auto status = it->symlink_status(ec);
      const std::string name = it->path().filename().string();
      if (fs::is_regular_file(status)) files.names.insert(name);
      else if (fs::is_directory(status) && !skipped_dir(name) && depth < kMaxDepth)
        subdirs.push_back(it->path());
    }
    if (files.has("Dockerfile") || stack_of(dir, files)) {
      DetectedModule m = detect_dir(root, dir, files);
      // A Dockerfile with nothing to build and no manifest: no module.
      if (m.stack || !m.dockerfile.empty()) out.push_back(std::move(m));
      continue;  // its subdirectories are its sources
    }
    std::sort(subdirs.rbegin(), subdirs.rend());
    for (const auto& s : subdirs) todo.push_back({s, depth + 1});
  }
  std::sort(out.begin(), out.end(),
            [](const DetectedModule& a, const DetectedModule& b) { return a.dir < b.dir; });
  std::set<std::string> taken;
  for (auto& m : out) {
    std::string base = spec::project_name_from(
        m.dir == "." ? root.filename().string() : fs::path(m.dir).filename().string());
    std::string name = base;
    for (int i = 2; taken.count(name); ++i) name = base + "-" + std::to_string(i);
    taken.insert(name);
    m.name = name;
  }
  return out;
}

}  // namespace gen::detect

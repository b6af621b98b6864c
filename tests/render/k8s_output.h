// Test helper: run the built gen binary (GEN_BINARY) into a fresh temporary
// directory and read back every file it wrote, plus YAML access to the
// Kubernetes manifests (yaml-cpp, independent of gen's own parser).
#pragma once

#include <sys/wait.h>
#include <unistd.h>
#include <yaml-cpp/yaml.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace gen::test {

inline std::string k8s_quote(const std::string& s) {
  std::string out = "'";
  for (char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

inline std::string k8s_slurp(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// `line` is a whole line of `text` (a unit key, a compose line).
inline bool has_line(const std::string& text, const std::string& line) {
  return ("\n" + text).find("\n" + line + "\n") != std::string::npos;
}

inline std::string spec_path(const std::string& name) {
  return std::string(GEN_SOURCE_DIR) + "/specs/" + name + ".yaml";
}

// One run of gen: exit code, stderr, and the output tree (path -> text).
struct GenOutput {
  int code = -1;
  std::string err;
  std::string dir;
  std::map<std::string, std::string> files;

  GenOutput() = default;
  GenOutput(const GenOutput&) = delete;
  GenOutput& operator=(const GenOutput&) = delete;
  GenOutput(GenOutput&& o) noexcept
      : code(o.code), err(std::move(o.err)), dir(std::move(o.dir)), files(std::move(o.files)) {
    o.dir.clear();
  }
  ~GenOutput() {
    std::error_code ec;
    if (!dir.empty()) std::filesystem::remove_all(dir, ec);
  }
  bool has(const std::string& path) const { return files.count(path) > 0; }
  const std::string& at(const std::string& path) const { return files.at(path); }
  // The text of the file whose path ends with `suffix` ("" when none).
  std::string ending(const std::string& suffix) const {
    for (const auto& [path, text] : files)
      if (path.size() >= suffix.size() &&
          path.compare(path.size() - suffix.size(), suffix.size(), suffix) == 0)
        return text;
    return "";
  }
};

// `gen <args...> --out <fresh dir>`; the directory is removed with the result.
inline GenOutput run_gen_out(const std::vector<std::string>& args) {
  static int counter = 0;
  GenOutput r;
  r.dir = (std::filesystem::temp_directory_path() /
           ("gen-k8s-test-" + std::to_string(getpid()) + "-" + std::to_string(++counter)))
              .string();
  std::filesystem::remove_all(r.dir);
  std::string cmd = k8s_quote(GEN_BINARY);
  for (const auto& a : args) cmd += " " + k8s_quote(a);
  cmd += " --out " + k8s_quote(r.dir + "/out") + " 2>" + k8s_quote(r.dir + ".err") + " >/dev/null";
  int status = std::system(cmd.c_str());
  r.code = WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  r.err = k8s_slurp(r.dir + ".err");
  std::filesystem::remove(r.dir + ".err");
  std::filesystem::path out = r.dir + "/out";
  if (std::filesystem::exists(out))
    for (const auto& e : std::filesystem::recursive_directory_iterator(out))
      if (e.is_regular_file())
        r.files[std::filesystem::relative(e.path(), out).generic_string()] = k8s_slurp(e.path());
  return r;
}

// stdout of `gen <args...>` (e.g. `gen context`); empty on failure.
inline std::string gen_stdout(const std::vector<std::string>& args) {
  std::string base = (std::filesystem::temp_directory_path() /
                      ("gen-k8s-test-" + std::to_string(getpid()) + ".stdout"))
                         .string();
  std::string cmd = k8s_quote(GEN_BINARY);
  for (const auto& a : args) cmd += " " + k8s_quote(a);
  cmd += " >" + k8s_quote(base) + " 2>/dev/null";
  int status = std::system(cmd.c_str());
  std::string out = k8s_slurp(base);
  std::filesystem::remove(base);
  return WIFEXITED(status) && WEXITSTATUS(status) == 0 ? out : std::string();
}

inline GenOutput render_k8s(const std::string& spec, const std::string& profile = "") {
  std::vector<std::string> args{"k8s", "--spec", spec_path(spec)};
  if (!profile.empty()) args.insert(args.end(), {"--profile", profile});
  return run_gen_out(args);
}

// Every object (document with a kind) in the k8s/ manifests, keyed
// "Kind/name" (path kept for messages).
struct K8sObject {
  std::string path;
  YAML::Node node;
};

inline std::map<std::string, K8sObject> k8s_objects(const GenOutput& out) {
  std::map<std::string, K8sObject> objects;
  for (const auto& [path, text] : out.files) {
    if (path.rfind("k8s/base/", 0) != 0 || path.find("kustomization") != std::string::npos)
      continue;
    for (const auto& doc : YAML::LoadAll(text)) {
      if (!doc.IsMap() || !doc["kind"]) continue;
      objects[doc["kind"].as<std::string>() + "/" + doc["metadata"]["name"].as<std::string>()] =
          K8sObject{path, doc};
    }
  }
  return objects;
}

// The pod spec of a workload object (Deployment, StatefulSet, Job).
inline YAML::Node pod_spec(const YAML::Node& workload) {
  return workload["spec"]["template"]["spec"];
}

inline YAML::Node container(const YAML::Node& workload) {
  return pod_spec(workload)["containers"][0];
}

// The container's environment entry `name` (undefined node when absent).
inline YAML::Node env_entry(const YAML::Node& c, const std::string& name) {
  for (const auto& e : c["env"])
    if (e["name"].as<std::string>() == name) return e;
  return YAML::Node(YAML::NodeType::Undefined);
}

inline YAML::Node mount_at(const YAML::Node& c, const std::string& path) {
  for (const auto& m : c["volumeMounts"])
    if (m["mountPath"].as<std::string>() == path) return m;
  return YAML::Node(YAML::NodeType::Undefined);
}

inline YAML::Node volume(const YAML::Node& workload, const std::string& name) {
  for (const auto& v : pod_spec(workload)["volumes"])
    if (v["name"].as<std::string>() == name) return v;
  return YAML::Node(YAML::NodeType::Undefined);
}

}  // namespace gen::test

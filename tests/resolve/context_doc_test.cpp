// docs/context.md documents every field of the context, and nothing that is
// not there: every key path the seed specs (and one spec using the rarer
// fields) resolve to must be a row of the doc's tables, and every row must be
// produced by one of them.
#include <algorithm>
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "diagnostics/render.h"
#include "load/load_spec.h"
#include "../resolved_context.h"

using namespace gen;
using Json = nlohmann::ordered_json;

namespace {

// Objects whose keys are the spec's own (label keys, network keys): one row
// documents each, not its keys.
const std::set<std::string> kByUserKey = {"modules[].labels", "modules[].annotations",
                                          "modules[].container_labels", "modules[].addresses"};

// Objects whose keys are profile names.
const std::set<std::string> kByProfile = {"modules[].image.tags", "modules[].image.refs",
                                          "modules[].env_files"};

// Places holding one of the shared types documented once under "Types".
std::string type_at(const std::string& path) {
  if (path == "profile" || path == "profiles[]") return "Profile";
  if (path == "defaults.user" || path == "modules[].user") return "User";
  if (path == "modules[].build.context" || path == "modules[].build.dockerfile" ||
      path == "modules[].env_file" ||
      path == "modules[].env_files.<profile>" || path == "modules[].mounts[].host")
    return "HostPath";
  for (const char* p : {"liveness", "readiness", "startup", "container"})
    if (path == std::string("modules[].health.") + p) return "Probe";
  return "";
}

void collect(const Json& j, const std::string& path, std::set<std::string>& out) {
  if (j.is_array()) {
    for (const auto& item : j) collect(item, path + "[]", out);
    return;
  }
  if (!j.is_object() || kByUserKey.count(path)) return;
  std::string type = type_at(path);
  std::string base = type.empty() ? path : type;
  for (auto it = j.begin(); it != j.end(); ++it) {
    std::string key = kByProfile.count(path) ? "<profile>" : it.key();
    std::string child = base.empty() ? key : base + "." + key;
    if (type.empty() || !kByProfile.count(path)) out.insert(child);
    // Recurse with the real path so typed places are recognised below.
    std::string real = path.empty() ? key : path + "." + key;
    collect(it.value(), type.empty() ? real : child, out);
  }
}

std::set<std::string> documented() {
  std::ifstream in(std::string(GEN_SOURCE_DIR) + "/docs/context.md");
  REQUIRE(in);
  std::set<std::string> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    size_t end = line.find('`', 3);
    std::string field = line.substr(3, end - 3);
    // Added by the rendering pipeline (pipeline/generate.cpp), not by resolve.
    if (field.rfind("paths.", 0) == 0 || field.rfind("config_files.", 0) == 0 ||
        field.rfind("config_dirs.", 0) == 0)
      continue;
    out.insert(field);
  }
  return out;
}

void resolve_all(const std::string& name, const std::string& text, std::set<std::string>& paths) {
  Diagnostics diags;
  SourceFiles sources;
  auto spec = load::load_spec_from_string(name, text, diags, sources);
  INFO(render_diagnostics(diags, sources, RenderOptions{}));
  REQUIRE(spec.has_value());
  std::vector<std::string> profiles{""};
  for (const auto& p : spec->profiles) profiles.push_back(p.name.value);
  for (const auto& p : profiles) {
    Diagnostics rd;
    collect(resolved_context(*spec, p, rd), "", paths);
    REQUIRE(rd.empty());
  }
}

// Fields no seed uses: waivers, explicit probe ports, tmpfs sizes, bind
// mounts, a profile registry, an untagged image with a digest, autoscaling.
const char* kRare = R"(version: 1
project: rare
metadata: {licenses: MIT, documentation: "https://docs.example.com"}
defaults: {user: {uid: 1001, gid: 1001}, registry: registry.local, restart: always}
networks: {edge: {internal: true}}
volumes: {shared: {name: "${SHARED}", size: 2Gi}}
modules:
  proxy:
    image: nginx@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
    ports: [{container: 8080, host: 80, bind: 0.0.0.0}]
    health: {tcp: 8080}
    mounts:
      - {tmpfs: /tmp, size: 64Mi}
      - {bind: ./site, target: /usr/share/nginx/html, read_only: true}
      - {volume: shared, target: /srv/shared}
      - {secret: tls-key, file: ./tls.key}
    networks: [edge]
    resources: {cpu: [100m, 500m]}
    replicas: {min: 2, max: 4, cpu: 75}
    waive: {loopback-ports: "public reverse proxy terminates TLS here"}
profiles:
  prod: {registry: ghcr.io/org, image_tag: v1, bind: 127.0.0.1}
)";

}  // namespace

TEST_CASE("docs/context.md documents exactly the fields resolve produces") {
  std::set<std::string> paths;
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(GEN_SOURCE_DIR) + "/specs")) {
    if (e.path().extension() != ".yaml") continue;
    std::ifstream in(e.path());
    std::stringstream ss;
    ss << in.rdbuf();
    resolve_all(e.path().filename().string(), ss.str(), paths);
  }
  resolve_all("rare.yaml", kRare, paths);
  std::set<std::string> docs = documented();
  std::vector<std::string> undocumented, unproduced;
  std::set_difference(paths.begin(), paths.end(), docs.begin(), docs.end(),
                      std::back_inserter(undocumented));
  std::set_difference(docs.begin(), docs.end(), paths.begin(), paths.end(),
                      std::back_inserter(unproduced));
  CHECK(undocumented == std::vector<std::string>{});
  CHECK(unproduced == std::vector<std::string>{});
  CHECK(docs.size() > 150);  // the parser above found the tables
}

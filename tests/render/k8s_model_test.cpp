// The Kubernetes planner and its derived model (render/k8s_model.h) on the
// seed specs' resolved models, with the fields the model derives from more
// than one module: claims and access modes, NetworkPolicy peers, overlay
// images, config file keys and block scalars, PodDisruptionBudgets.
#include "render/k8s_model.h"

#include <algorithm>
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "k8s_output.h"
#include "k8s_project.h"
#include "render/targets.h"

using Json = nlohmann::ordered_json;

namespace {

using gen::model::Project;
using gen::test::module_of;

Project project(const std::string& spec) {
  return gen::test::project_of(gen::test::spec_path(spec));
}

gen::render::Plan plan(const Project& p) {
  return gen::render::plan_k8s(p, gen::context::to_json(p));
}

std::vector<std::string> paths(const gen::render::Plan& plan) {
  std::vector<std::string> out;
  for (const auto& p : plan) out.push_back(p.path);
  return out;
}

bool contains(const std::vector<std::string>& v, const std::string& s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

}  // namespace

TEST_CASE("k8s plan: files per module and kind", "[k8s][plan]") {
  auto files = plan(project("core-infra"));
  auto p = paths(files);
  CHECK(p.front() == "k8s/base/namespace.yaml");
  CHECK(contains(p, "k8s/base/network-policy-default.yaml"));
  CHECK(contains(p, "k8s/base/volumes/certs.yaml"));
  CHECK(contains(p, "k8s/base/modules/postgres/statefulset.yaml"));
  CHECK(contains(p, "k8s/base/modules/certbot/job.yaml"));
  CHECK(contains(p, "k8s/base/modules/apache/deployment.yaml"));
  CHECK(contains(p, "k8s/base/modules/apache/service.yaml"));
  CHECK_FALSE(contains(p, "k8s/base/modules/certbot/service.yaml"));          // no ports
  CHECK_FALSE(contains(p, "k8s/base/modules/base/service-account.yaml"));     // kind base
  CHECK_FALSE(contains(p, "k8s/base/modules/liquibase/configmap-env.yaml"));  // no plain env
  CHECK(contains(p, "k8s/overlays/dev/kustomization.yaml"));
  CHECK(contains(p, "k8s/overlays/prod/kustomization.yaml"));
  // The base kustomization lists every base file, in plan order.
  const auto& kz = files[files.size() - 3];
  REQUIRE(kz.path == "k8s/base/kustomization.yaml");
  std::vector<std::string> listed;
  for (const auto& r : *kz.local("resources")) listed.push_back("k8s/base/" + r.get<std::string>());
  std::vector<std::string> base(p.begin(), p.begin() + static_cast<long>(listed.size()));
  CHECK(listed == base);
  for (const auto& f : files) CHECK(f.template_name.rfind("k8s/", 0) == 0);
}

TEST_CASE("k8s model: claims and access modes", "[k8s][plan]") {
  Project p = project("whatsapp-adapter");
  Json m = gen::render::k8s_model(p);
  std::map<std::string, std::string> modes;
  for (const auto& c : m["claims"]) modes[c["name"]] = c["access_mode"];
  CHECK(modes.size() == 14);  // 5 + 3 + 3 + 3 module-owned directories
  CHECK(modes["whatsapp-adapter-waha-sessions"] == "ReadWriteMany");  // read by the API too
  CHECK(modes["whatsapp-adapter-waha-media"] == "ReadWriteOnce");
  CHECK(m["modules"]["whatsapp-adapter-waha"]["strategy"] == "Recreate");

  // Two replicas share every claim they mount, and get a PodDisruptionBudget.
  module_of(p, "whatsapp-adapter-docs").replicas = 2;
  m = gen::render::k8s_model(p);
  for (const auto& c : m["claims"])
    if (c["module"] == "whatsapp-adapter-docs") CHECK(c["access_mode"] == "ReadWriteMany");
  CHECK(m["modules"]["whatsapp-adapter-docs"]["pdb"] == true);
  CHECK(m["modules"]["whatsapp-adapter-docs"]["strategy"] == "RollingUpdate");
  CHECK(m["modules"]["whatsapp-adapter-app"]["pdb"] == false);
  CHECK(contains(paths(plan(p)),
                 "k8s/base/modules/whatsapp-adapter-docs/pod-disruption-budget.yaml"));
}

TEST_CASE("k8s model: network policy peers and public ports", "[k8s][plan]") {
  Project p = project("todo");
  Json m = gen::render::k8s_model(p);
  const Json& pg = m["modules"]["todo-postgres"]["network_policy"];
  REQUIRE(pg["ingress"].size() == 1);
  CHECK(pg["ingress"][0]["from"][0]["module"] == "todo-backend");
  CHECK(pg["ingress"][0]["ports"][0]["port"] == 5432);
  CHECK(pg["egress"].empty());

  // A port bound to a non-loopback address is public: open to any source.
  module_of(p, "todo-frontend").ports[0].bind = "0.0.0.0";
  m = gen::render::k8s_model(p);
  const Json& fe = m["modules"]["todo-frontend"]["network_policy"];
  REQUIRE(fe["ingress"].size() == 2);
  CHECK(fe["ingress"][0]["edge"] == "ingress-nginx");  // its route (specs/todo.yaml routes:)
  CHECK(fe["ingress"][1]["from"].empty());
  CHECK(fe["ingress"][1]["ports"][0]["port"] == 3000);
}

TEST_CASE("k8s model: overlay images per profile", "[k8s][plan]") {
  Json m = gen::render::k8s_model(project("todo"));
  REQUIRE(m["overlays"].size() == 3);
  const Json& prod = m["overlays"][2];
  CHECK(prod["name"] == "prod");
  CHECK(prod["namespace"] == "todo");
  CHECK(prod["variables"] == Json::array({"GIT_SHA"}));
  REQUIRE(prod["images"].size() == 3);
  CHECK(prod["images"][1] == Json::parse(R"({"name": "todo-backend",
      "new_name": "ghcr.io/yourorg/todo-backend", "new_tag": "git-${GIT_SHA}", "digest": null})"));
  CHECK(m["overlays"][1]["variables"].empty());
}

TEST_CASE("k8s model: config file keys and YAML block headers", "[k8s][plan]") {
  Project p = project("wats");
  auto files = [&](const Json& content) {
    p.config_files.emplace();
    if (!content.is_null())
      p.config_files->push_back(
          {"wats/wats.config.yaml", content.get<std::string>(), false, std::nullopt});
    p.index();
    return gen::render::k8s_model(p)["modules"]["wats"];
  };
  Json k = files("a: 1\n");
  CHECK(k["files_configmap"] == "wats-files");
  CHECK(k["files_generated"] == true);
  CHECK(k["files"][0]["key"] == "wats.config.yaml");
  CHECK(k["files"][0]["block"] == "|");
  CHECK(files("a: 1")["files"][0]["block"] == "|-");
  CHECK(files("a: 1\n\n")["files"][0]["block"] == "|+");
  CHECK(files(" indented first line\n")["files"][0]["block"].is_null());
  CHECK(files("trailing space \n")["files"][0]["block"].is_null());
  CHECK(files("bell \x07\n")["files"][0]["block"].is_null());
  CHECK(files("")["files"][0]["block"].is_null());
  Json missing = files(nullptr);
  CHECK(missing["files_generated"] == false);
  CHECK(missing["files_configmap"] == "wats-files");  // the operator provides it
  CHECK_FALSE(contains(paths(plan(p)), "k8s/base/modules/wats/configmap-files.yaml"));
  files("x\n");
  CHECK(contains(paths(plan(p)), "k8s/base/modules/wats/configmap-files.yaml"));
}

// The pipeline reads the config file beside the spec; the ConfigMap must
// carry it byte for byte, whatever it holds.
TEST_CASE("k8s: a config file round-trips through the generated ConfigMap", "[k8s][plan]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("gen-k8s-conf-" + std::to_string(getpid()));
  fs::create_directories(dir / "wats");
  fs::copy_file(gen::test::spec_path("wats"), dir / "wats.yaml",
                fs::copy_options::overwrite_existing);
  const std::vector<std::string> contents = {
      "# postgresql.conf\nmax_connections = 100\nshared_buffers = 256MB\n",
      "no trailing newline",
      "two trailing newlines\n\n",
      "  leading spaces\nkey: \"value\" # comment\n",
      "trailing spaces   \nnext\n",
      "---\n...\n- item: {a: [1, 2]}\n\ttab\nunicode: \xc3\xa9\xe2\x82\xac \xf0\x9f\x99\x82\n",
      "${NOT_A_VAR} and $$ and %s and \\n literal\n",
      "\n\nleading blank lines\n",
  };
  for (const auto& content : contents) {
    INFO("content: " << content);
    {
      std::ofstream f(dir / "wats" / "wats.config.yaml", std::ios::binary);
      f << content;
    }
    gen::test::GenOutput out =
        gen::test::run_gen_out({"k8s", "--spec", (dir / "wats.yaml").string()});
    INFO(out.err);
    REQUIRE(out.code == 0);
    CHECK(out.err.find("k8s-config-file") == std::string::npos);
    const std::string path = "k8s/base/modules/wats/configmap-files.yaml";
    REQUIRE(out.has(path));
    YAML::Node cm = YAML::Load(out.at(path));
    CHECK(cm["data"]["wats.config.yaml"].as<std::string>() == content);
  }
  fs::remove_all(dir);
}

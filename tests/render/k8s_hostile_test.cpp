// Spec values with `:`, `#`, quotes, `${`, newlines or unicode come out of
// the Kubernetes manifests exactly: plain settings in the ConfigMap, the
// command's arguments, an exec probe, an HTTP probe path, read back by
// yaml-cpp; and `kubectl kustomize` (when installed) builds the overlay.
#include <catch2/catch.hpp>
#include <fstream>
#include <nlohmann/json.hpp>

#include "k8s_output.h"

using Json = nlohmann::json;

namespace {

const std::vector<std::string> kHostile = {
    "a: b",
    "# not a comment",
    "it's \"quoted\"",
    "${NOT_A_VAR}",
    "$$ and $HOME and $",
    "unicode: \xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x9a\x80",
    "  leading and trailing  ",
    "yes",
    "null",
    "0755",
    "1e3",
    "~",
    "- dash",
    "[x], {y}",
    "back\\slash",
    "@at `tick` %pct !bang &amp *star |pipe",
    "2024-01-01",
    "",
};
const std::vector<std::string> kHostileEnv = {"line1\nline2", "tab\there", "\n"};

std::string write_spec(const std::filesystem::path& dir) {
  Json env = Json::object();
  for (size_t i = 0; i < kHostile.size(); ++i) env["V" + std::to_string(i)] = kHostile[i];
  for (size_t i = 0; i < kHostileEnv.size(); ++i)
    env["D" + std::to_string(i)] = {{"default", kHostileEnv[i]}};
  Json command = Json::array({"python", "-c"});
  for (const auto& h : kHostile) command.push_back(h);
  Json spec = {
      {"version", 1},
      {"project", "hostile"},
      {"defaults", {{"user", {{"uid", 1001}, {"gid", 1001}}}, {"restart", "unless-stopped"}}},
      {"modules",
       {{"app",
         {{"image", "example.org/app:1.0"},
          {"replicas", 2},
          {"command", command},
          {"ports", Json::array({{{"container", 8000}, {"host", 8000}}})},
          {"health",
           {{"liveness", {{"command", Json::array({"sh", "-c", "test \"$HOME\" != '#: ${x}'"})}}},
            {"readiness", {{"http", "/ready?x=a:b#c'\"{y}"}}}}},
          {"env", env}}}}},
      {"profiles", {{"prod", {{"image_tag", "v1"}}}}},
  };
  std::filesystem::path path = dir / "hostile.yaml";
  std::ofstream(path) << spec.dump(2);  // JSON is YAML
  return path.string();
}

}  // namespace

TEST_CASE("k8s: hostile spec values round-trip through the manifests", "[k8s][hostile]") {
  namespace fs = std::filesystem;
  fs::path dir = fs::temp_directory_path() / ("gen-k8s-hostile-" + std::to_string(getpid()));
  fs::create_directories(dir);
  std::string spec = write_spec(dir);
  gen::test::GenOutput out = gen::test::run_gen_out({"k8s", "--spec", spec});
  INFO(out.err);
  REQUIRE(out.code == 0);
  auto objects = gen::test::k8s_objects(out);
  REQUIRE(objects.count("ConfigMap/app-env") == 1);
  const YAML::Node data = objects.at("ConfigMap/app-env").node["data"];
  for (size_t i = 0; i < kHostile.size(); ++i) {
    INFO("V" << i);
    CHECK(data["V" + std::to_string(i)].as<std::string>() == kHostile[i]);
  }
  for (size_t i = 0; i < kHostileEnv.size(); ++i) {
    INFO("D" << i);
    CHECK(data["D" + std::to_string(i)].as<std::string>() == kHostileEnv[i]);
  }
  const YAML::Node c = gen::test::container(objects.at("Deployment/app").node);
  // Kubernetes reads $$ as $ in args (and would expand $(VAR)): k8s_arg
  // doubles the $ before $ and (, so the container gets the exact text.
  std::vector<std::string> args;
  for (auto a : c["args"].as<std::vector<std::string>>()) {
    std::string passed;
    for (size_t j = 0; j < a.size(); ++j) {
      passed += a[j];
      if (a[j] == '$' && j + 1 < a.size() && a[j + 1] == '$') ++j;
      else CHECK_FALSE((a[j] == '$' && j + 1 < a.size() && a[j + 1] == '('));
    }
    args.push_back(passed);
  }
  std::vector<std::string> want{"python", "-c"};
  want.insert(want.end(), kHostile.begin(), kHostile.end());
  CHECK(args == want);
  CHECK(c["livenessProbe"]["exec"]["command"].as<std::vector<std::string>>() ==
        std::vector<std::string>{"sh", "-c", "test \"$HOME\" != '#: ${x}'"});
  CHECK(c["readinessProbe"]["httpGet"]["path"].as<std::string>() == "/ready?x=a:b#c'\"{y}");

  // Two replicas: a PodDisruptionBudget over the workload's pods.
  REQUIRE(objects.count("PodDisruptionBudget/app") == 1);
  const YAML::Node pdb = objects.at("PodDisruptionBudget/app").node["spec"];
  CHECK(pdb["maxUnavailable"].as<int>() == 1);
  CHECK(pdb["selector"]["matchLabels"]["app.kubernetes.io/name"].as<std::string>() == "app");
  CHECK(objects.at("Deployment/app").node["spec"]["replicas"].as<int>() == 2);

  if (std::system("command -v kubectl >/dev/null 2>&1") == 0) {
    std::string cmd = "kubectl kustomize " +
                      gen::test::k8s_quote(out.dir + "/out/k8s/overlays/prod") + " >/dev/null 2>&1";
    CHECK(std::system(cmd.c_str()) == 0);
  }
  fs::remove_all(dir);
}

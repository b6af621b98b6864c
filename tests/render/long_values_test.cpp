// Long one-line values as real applications write them (a health check
// that is a whole shell script, a JVM's options): compose files and
// Kubernetes manifests fold them into lines yamllint's strict 160 columns
// accept (the yaml_folded filter), and every reader gets the exact text back.
#include <catch2/catch.hpp>

#include <sstream>

#include "k8s_output.h"
#include "spec_dir.h"

using namespace gen::test;

namespace {

std::string long_words(const std::string& stem, int n) {
  std::string out;
  for (int i = 0; i < n; ++i) out += (i ? " " : "") + stem + std::to_string(i);
  return out;
}

const std::string kScript = "pg_isready --dbname=\"$${POSTGRES_DB}\" || exit 1; " +
                            long_words("--flag=", 20) + "; echo 'checksum: 0' # done";
const std::string kOpts = long_words("-XX:Option", 16);
const std::string kArg = "search_path=\"$user\", public " + long_words("v", 40);

// `s` as a YAML double-quoted scalar (the texts hold both quote kinds).
std::string dq(const std::string& s) {
  std::string o = "\"";
  for (char c : s) o += c == '"' || c == '\\' ? std::string("\\") + c : std::string(1, c);
  return o + "\"";
}

std::string spec_body() {
  std::ostringstream s;
  s << "modules:\n"
       "  db:\n"
       "    image: docker.io/library/postgres:16.3\n"
       "    user: {uid: 70, gid: 70}\n"
       "    command: [postgres, -c, " << dq(kArg) << "]\n"
       "    ports: [{container: 5432}]\n"
       "    env:\n"
       "      JAVA_OPTS: {default: " << dq(kOpts) << "}\n"
       "    health:\n"
       "      check: {command: [/bin/sh, -c, " << dq(kScript) << "]}\n"
       "    mounts: [{tmpfs: /tmp}]\n";
  return s.str();
}

// Every line of `text` fits yamllint's strict line length.
void check_line_lengths(const std::string& path, const std::string& text) {
  std::istringstream in(text);
  std::string line;
  int n = 0;
  while (std::getline(in, line)) {
    ++n;
    INFO(path << ":" << n << ": " << line);
    CHECK(line.size() <= 160);
  }
}

}  // namespace

TEST_CASE("long commands, checks and values fold in compose and read back exactly") {
  SpecDir d("long-values", "lv", spec_body());
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  check_line_lengths("compose.yaml", out.at("compose.yaml"));
  YAML::Node db = YAML::Load(out.at("compose.yaml"))["services"]["db"];
  // compose doubles `$` against interpolation; the folded text keeps that.
  auto dollars = [](std::string s) {
    std::string o;
    for (char c : s) o += c == '$' ? std::string("$$") : std::string(1, c);
    return o;
  };
  CHECK(db["command"][2].as<std::string>() == dollars(kArg));
  CHECK(db["environment"]["JAVA_OPTS"].as<std::string>() == kOpts);
  std::string test = db["healthcheck"]["test"][1].as<std::string>();
  CHECK(test.find(dollars("--flag=0 --flag=1")) != std::string::npos);
  CHECK(test.find("'\"'\"'checksum: 0'\"'\"' # done") != std::string::npos);
}

TEST_CASE("long commands, checks and values fold in Kubernetes manifests and read back exactly") {
  SpecDir d("long-values", "lv", spec_body());
  GenOutput out = run_gen_out({"all", "--spec", d.spec()});
  INFO(out.err);
  REQUIRE(out.code == 0);
  for (const auto& [path, text] : out.files)
    if (path.rfind("k8s/", 0) == 0) check_line_lengths(path, text);
  auto objects = k8s_objects(out);
  REQUIRE(objects.count("StatefulSet/db") + objects.count("Deployment/db") == 1);
  YAML::Node w = objects.count("Deployment/db") ? objects["Deployment/db"].node
                                                : objects["StatefulSet/db"].node;
  YAML::Node c = container(w);
  // Kubernetes reads `$$` as `$` where `$(` or `$$` follows: none here.
  CHECK(c["args"][2].as<std::string>() == kArg);
  YAML::Node probe = c["readinessProbe"] ? c["readinessProbe"] : c["livenessProbe"];
  REQUIRE(probe);
  // kScript's `$$` is the spec's literal text.
  CHECK(probe["exec"]["command"][2].as<std::string>() == kScript);
  bool found = false;
  for (const auto& [key, o] : objects)
    if (key.rfind("ConfigMap/", 0) == 0 && o.node["data"]["JAVA_OPTS"]) {
      CHECK(o.node["data"]["JAVA_OPTS"].as<std::string>() == kOpts);
      found = true;
    }
  CHECK(found);
}

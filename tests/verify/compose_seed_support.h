// Test helper for the seed tests: render a seed spec's Dockerfiles and
// compose files as scripts/update-examples.sh does (from a copy of specs/
// into output-examples/<name>/), then read them back with independent
// parsers (yaml-cpp for compose, gen's Docker-compatible instruction reader
// for Dockerfiles).
#pragma once

#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "compose_gen.h"
#include "dockerfile/parse.h"

namespace gen::test {

struct SeedOutput {
  Scratch scratch;
  GenRun dockerfile, compose;

  const std::string& file(const std::string& path) const {
    if (dockerfile.has(path)) return dockerfile.at(path);
    INFO("missing output file " << path);
    REQUIRE(compose.has(path));
    return compose.at(path);
  }
};

inline void render_seed(SeedOutput& s, const std::string& name, const std::string& profile = "") {
  copy_specs(s.scratch.dir);
  for (const char* target : {"dockerfile", "compose"}) {
    std::vector<std::string> args{target, "--spec", "specs/" + name + ".yaml"};
    if (!profile.empty()) args.insert(args.end(), {"--profile", profile});
    GenRun r = run_gen_in(s.scratch.dir, args, "output-examples/" + name);
    INFO("gen " << target << " --spec specs/" << name << ".yaml: " << r.err);
    REQUIRE(r.code == 0);
    (std::string(target) == "dockerfile" ? s.dockerfile : s.compose) = std::move(r);
  }
}

inline YAML::Node compose_service(const SeedOutput& s, const std::string& file,
                                  const std::string& service) {
  YAML::Node doc = YAML::Load(s.file(file));
  YAML::Node svc = doc["services"][service];
  INFO("service " << service << " in " << file);
  REQUIRE(svc.IsMap());
  return svc;
}

inline std::vector<std::string> strings(const YAML::Node& seq) {
  std::vector<std::string> out;
  for (const auto& item : seq) out.push_back(item.as<std::string>());
  return out;
}

// Every hardening key the contract puts on a service, with the seed's values.
inline void check_hardened(const YAML::Node& svc, const std::string& user) {
  CHECK(svc["user"].as<std::string>() == user);
  CHECK(svc["read_only"].as<bool>());
  CHECK(strings(svc["cap_drop"]) == std::vector<std::string>{"ALL"});
  CHECK(strings(svc["security_opt"]) == std::vector<std::string>{"no-new-privileges:true"});
}

// The healthcheck's CMD-SHELL command (folded or not, YAML gives it back whole).
inline std::string health_command(const YAML::Node& svc) {
  YAML::Node test = svc["healthcheck"]["test"];
  REQUIRE(test.IsSequence());
  REQUIRE(test.size() == 2);
  CHECK(test[0].as<std::string>() == "CMD-SHELL");
  return test[1].as<std::string>();
}

struct Dockerfile {
  dockerfile::DockerfileParse parse;
  explicit Dockerfile(const std::string& text) : parse(dockerfile::parse_dockerfile(text)) {
    REQUIRE_FALSE(parse.stages.empty());
  }
  const dockerfile::DockerStage& final_stage() const { return parse.stages.back(); }
  std::vector<std::string> froms() const {
    std::vector<std::string> out;
    for (const auto& st : parse.stages) out.push_back(st.from.args);
    return out;
  }
  // Arguments of every `keyword` instruction of the final stage, in order.
  std::vector<std::string> final(const std::string& keyword) const {
    std::vector<std::string> out;
    for (const auto& ins : final_stage().instructions)
      if (ins.keyword == keyword) out.push_back(ins.args);
    return out;
  }
  // Arguments of every `keyword` instruction in every stage.
  std::vector<std::string> all(const std::string& keyword) const {
    std::vector<std::string> out;
    for (const auto& ins : parse.before_first_from)
      if (ins.keyword == keyword) out.push_back(ins.args);
    for (const auto& st : parse.stages)
      for (const auto& ins : st.instructions)
        if (ins.keyword == keyword) out.push_back(ins.args);
    return out;
  }
  std::string last(const std::string& keyword) const {
    auto v = final(keyword);
    INFO("no " << keyword << " in the final stage");
    REQUIRE_FALSE(v.empty());
    return v.back();
  }
  std::vector<std::string> exec(const std::string& keyword) const {
    auto words = dockerfile::json_args(last(keyword));
    INFO(keyword << " is not in JSON exec form");
    REQUIRE(words.has_value());
    return *words;
  }
  // HEALTHCHECK options and its CMD argv.
  std::pair<std::map<std::string, std::string>, std::vector<std::string>> healthcheck() const {
    auto [opts, rest] = dockerfile::split_options(last("HEALTHCHECK"));
    REQUIRE(rest.rfind("CMD ", 0) == 0);
    auto argv = dockerfile::json_args(rest.substr(4));
    REQUIRE(argv.has_value());
    return {std::map<std::string, std::string>(opts.begin(), opts.end()), *argv};
  }
  // Names of every ARG and ENV key, in every stage.
  std::vector<std::string> arg_and_env_names() const {
    std::vector<std::string> out;
    for (const char* kw : {"ARG", "ENV"})
      for (const auto& a : all(kw))
        for (const auto& [k, v] : dockerfile::key_values(a, std::string(kw) == "ENV")) out.push_back(k);
    return out;
  }
};

inline bool contains(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

}  // namespace gen::test

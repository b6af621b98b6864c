// Compose, Kubernetes and systemd outputs of every seed spec, read back by one
// extractor per target, agree module by module on image, user, ports,
// environment names, mounts, health check and grace period -- with each
// other and with the spec (`gen context`). To add a target, write
// its extractor (records.h) and add a row to kTargets.
#include <catch2/catch.hpp>

#include "records.h"

using gen::cross::Records;

namespace {

struct Target {
  const char* command;  // gen subcommand rendering it
  Records (*extract)(const gen::test::GenOutput&);
};

const std::vector<Target> kTargets = {
    {"compose", gen::cross::compose_records},
    {"k8s", gen::cross::k8s_records},
    {"systemd", gen::cross::systemd_records},
};

const std::vector<std::string> kSeeds = {"whatsapp-adapter", "wats", "reactbin", "core-infra",
                                         "todo"};

std::vector<std::string> names(const Records& r) {
  std::vector<std::string> out;
  for (const auto& [name, rec] : r) out.push_back(name);
  return out;
}

}  // namespace

TEST_CASE("every target agrees with the spec, module by module", "[cross]") {
  for (const auto& seed : kSeeds) {
    std::string ctx = gen::test::gen_stdout({"context", "--spec", gen::test::spec_path(seed)});
    REQUIRE(!ctx.empty());
    auto context = nlohmann::ordered_json::parse(ctx);
    Records all = gen::cross::spec_records(context);
    REQUIRE(!all.empty());
    for (const auto& target : kTargets) {
      // The routes' edge proxy runs on compose and systemd; Kubernetes routes
      // through an Ingress or HTTPRoute instead (checked in tests/render).
      Records spec = all;
      if (std::string(target.command) == "k8s")
        for (const auto& m : context["modules"])
          if (m["edge"].get<bool>()) spec.erase(m["name"].get<std::string>());
      gen::test::GenOutput out =
          gen::test::run_gen_out({target.command, "--spec", gen::test::spec_path(seed)});
      INFO("gen " << target.command << " --spec specs/" << seed << ".yaml\n" << out.err);
      REQUIRE(out.code == 0);
      Records got = target.extract(out);
      CHECK(names(got) == names(spec));
      for (const auto& [module, want] : spec) {
        auto it = got.find(module);
        if (it == got.end()) continue;
        auto want_fields = gen::cross::fields(want);
        auto got_fields = gen::cross::fields(it->second);
        for (const auto& [field, value] : want_fields) {
          INFO(seed << ": module " << module << ", " << field << " in " << target.command);
          CHECK(got_fields[field] == value);
        }
      }
    }
  }
}

TEST_CASE("cross-target normalisation", "[cross]") {
  using gen::cross::classify_probe;
  using gen::cross::duration_seconds;
  using gen::cross::shell_split;
  CHECK(shell_split("sh -c 'pg_isready -U \"$U\"' x\\ y") ==
        std::vector<std::string>{"sh", "-c", "pg_isready -U \"$U\"", "x y"});
  CHECK(shell_split("a \"b \\\"c\\\" $d\"") == std::vector<std::string>{"a", "b \"c\" $d"});
  CHECK(duration_seconds("1m30s") == 90);
  CHECK(duration_seconds("500ms") == 0);
  CHECK(duration_seconds("30") == -1);
  CHECK(classify_probe({"python", "-c", "urlopen(\"http://127.0.0.1:8000/livez\", timeout=3)"}) ==
        "http http://127.0.0.1:8000/livez");
  CHECK(classify_probe({"bash", "-c", "exec 3<>/dev/tcp/127.0.0.1/8080"}) == "tcp 8080");
  CHECK(classify_probe({"pg_isready"}) == "command [\"pg_isready\"]");
}

// Every rule id a verifier can name is explained by `gen explain`: either a
// contract rule (docs/rules/) or an artifact rule (check/output_rules.h).
// The verifiers' sources are scanned for id literals, so a new id without an
// entry fails here.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "check/output_rules.h"
#include "check/registry.h"

namespace {

std::string slurp(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// String literals made of dash-joined lowercase words ("k8s-seccomp") in
// generator/verify/*.cpp and generator/pipeline/*.cpp: the shape of every rule id.
std::set<std::string> id_literals() {
  std::set<std::string> ids;
  std::regex literal("\"([a-z0-9]+(-[a-z0-9]+)+)\"");
  // pipeline/generate.cpp names output-size, the check over every output.
  for (const char* dir : {"/generator/verify", "/generator/pipeline"})
  for (const auto& e :
       std::filesystem::directory_iterator(std::string(GEN_SOURCE_DIR) + dir)) {
    if (e.path().extension() != ".cpp") continue;
    std::string text = slurp(e.path());
    for (std::sregex_iterator it(text.begin(), text.end(), literal), end; it != end; ++it)
      ids.insert((*it)[1]);
  }
  return ids;
}

}  // namespace

TEST_CASE("every id the verifiers use is a contract rule or an artifact rule") {
  // HEALTHCHECK's --start-period; render-conflict: two plans writing one
  // path, a defect of gen or of an override's plan, not a contract rule;
  // allow-dns: the name of the NetworkPolicy egress-output reads.
  std::set<std::string> not_ids = {"start-period", "render-conflict", "allow-dns"};
  auto ids = id_literals();
  REQUIRE(ids.size() > 30);
  for (const auto& id : ids) {
    if (not_ids.count(id)) continue;
    INFO(id);
    CHECK((gen::check::find_rule(id) != nullptr || gen::check::find_artifact_rule(id) != nullptr));
  }
  // And the table holds no stale entry.
  for (const auto& r : gen::check::artifact_rules()) {
    INFO(r.id);
    CHECK(ids.count(r.id) == 1);
    CHECK(gen::check::find_rule(r.id) == nullptr);  // one page per id
  }
}

TEST_CASE("each artifact rule is named in the target page its entry points to") {
  for (const auto& r : gen::check::artifact_rules()) {
    std::string doc = r.doc;
    doc = doc.substr(0, doc.find_first_of(" ,"));  // "docs/k8s.md, ..." -> the path
    std::string text = slurp(std::string(GEN_SOURCE_DIR) + "/" + doc);
    INFO(r.id << " in " << doc);
    CHECK(text.find(std::string("`") + r.id + "`") != std::string::npos);
  }
}

TEST_CASE("an artifact rule's page") {
  const auto* r = gen::check::find_artifact_rule("k8s-seccomp");
  REQUIRE(r);
  CHECK(gen::check::artifact_rule_page(*r) ==
        "# k8s-seccomp\n\n"
        "Checked in the rendered Kubernetes manifests, after rendering and before anything is "
        "written (an error: nothing is written).\n\n"
        "Refused: pod `seccompProfile.type` not RuntimeDefault/Localhost; a container's, when "
        "set.\n\n"
        "gen's built-in templates never produce this; a template override (`--templates DIR`) "
        "did. The finding names the file, line and column in the rendered output and the "
        "template that wrote it: change that template so its output keeps the contract.\n\n"
        "Not waivable: a `waive:` entry naming it is refused (rule waiver). The rule is about the "
        "rendered outputs, not the spec: gen's templates keep it, relaxed only where a waiver of "
        "a contract rule asks (docs/k8s.md, \"Pod Security levels\"), so there is nothing in a "
        "module to excuse; waive the contract rule instead. A waiver of this one would only hide "
        "a broken override.\n\n"
        "More: docs/k8s.md, \"Verify\".\n");
  CHECK(gen::check::find_artifact_rule("k8s-secomp") == nullptr);
}

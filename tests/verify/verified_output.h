// Test helper for verify tests that change gen's own output: render a spec
// with every target, change one fact of one file, and collect the errors of
// every verifier ("<rule>: <message>").
#pragma once

#include <algorithm>
#include <catch2/catch.hpp>
#include <string>
#include <vector>

#include "../render/k8s_output.h"
#include "../render/k8s_project.h"
#include "verify/verifiers.h"

namespace gen::test {

using Verifier = void (*)(const FileSet&, const model::Project&, Diagnostics&);

struct VerifiedOutput {
  model::Project project;
  FileSet files;
  std::vector<Verifier> verifiers;

  // `gen <command>` on `spec`; errors() runs `with`.
  explicit VerifiedOutput(const std::string& spec, const std::string& command = "all",
                          std::vector<Verifier> with = {verify::verify_compose,
                                                        verify::verify_k8s,
                                                        verify::verify_systemd})
      : project(project_of(spec)), verifiers(std::move(with)) {
    GenOutput out = run_gen_out({command, "--spec", spec});
    INFO(out.err);
    REQUIRE(out.code == 0);
    // verify_compose reads the files a compose template wrote.
    for (const auto& [path, text] : out.files)
      files[path] = OutputFile{text, path == "compose.yaml" ? "compose/compose.yaml.j2" : "test"};
  }

  void mutate(const std::string& path, const std::string& from, const std::string& to) {
    REQUIRE(files.count(path));
    std::string& text = files.at(path).content;
    size_t at = text.find(from);
    INFO("'" << from << "' in " << path);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  }

  // The rule ids and messages of every error of the verifiers, in order.
  std::vector<std::string> errors() const {
    Diagnostics d;
    for (Verifier v : verifiers) v(files, project, d);
    std::vector<std::string> out;
    for (const auto& x : d.items())
      if (x.severity == Severity::Error) out.push_back(x.rule_id + ": " + x.message);
    return out;
  }
};

inline bool has_rule(const std::vector<std::string>& errors, const std::string& rule,
                     const std::string& says) {
  return std::any_of(errors.begin(), errors.end(), [&](const std::string& e) {
    return e.rfind(rule + ": ", 0) == 0 && e.find(says) != std::string::npos;
  });
}

}  // namespace gen::test

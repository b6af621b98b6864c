// waiver: the design's "a rule can be waived per module only with a written
// reason" (`waive: {loopback-ports: "public reverse proxy"}`).
#include "check/families.h"
#include "check/output_rules.h"
#include "check/registry.h"
#include "util/spellcheck.h"

namespace gen::check {

void check_waivers(const spec::Spec& spec, Reporter& report) {
  std::vector<std::string> ids = rule_ids();
  for (const auto& r : artifact_rules()) ids.emplace_back(r.id);
  for (const auto& m : spec.modules) {
    for (const auto& w : m.waivers) {
      const Rule* rule = find_rule(w.rule.value);
      if (!rule && find_artifact_rule(w.rule.value)) {
        // Output rules whose relaxation the spec can ask for, by a key and
        // the waiver of its own rule (issue 20, privileges).
        static const std::pair<const char*, const char*> kAsk[] = {
            {"read-only-root", "`read_only: false` with a waiver of read-only-rootfs"},
            {"cap-drop-all", "`cap_add: [NAME]` with a waiver of no-added-capabilities"},
            {"no-devices", "`devices: [/dev/NAME]` with a waiver of no-host-devices"}};
        std::string help = "it is checked on the rendered outputs, which gen's templates always "
                           "keep; `gen explain " + w.rule.value + "` says why";
        for (const auto& [id, ask] : kAsk)
          if (w.rule.value == id) help = std::string("ask for it in the spec instead: ") + ask;
        report.report(w.rule.loc, "rule " + w.rule.value + " cannot be waived", help);
      } else if (!rule) {
        std::string guess = closest_match(w.rule.value, ids);
        report.report(w.rule.loc, "unknown rule '" + w.rule.value + "' in waive",
                      guess.empty() ? "`gen explain --list` lists the rule ids"
                                    : "did you mean '" + guess + "'?");
      } else if (!rule->waivable) {
        report.report(w.rule.loc, "rule " + w.rule.value + " cannot be waived",
                      "fix the spec; `gen explain " + w.rule.value + "` says how");
      } else if (w.reason.value.find_first_not_of(" \t\r\n") == std::string::npos) {
        report.report(w.reason.loc, "waiver of " + w.rule.value + " in module " + m.name.value +
                                        " gives no reason",
                      "say why the rule does not apply here, e.g. `" + w.rule.value +
                          ": \"public reverse proxy terminates TLS\"`");
      }
    }
  }
}

}  // namespace gen::check

// Internal to resolve: what every part of the stage reads (the spec, the
// selected profile) and the small helpers they share. Not a public header.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "model/project.h"
#include "spec/model.h"

namespace gen::resolve::detail {

// Built-in defaults, used when neither the module nor `defaults:` sets a value.
// docs/context.md lists them; keep the two in step.
inline constexpr const char* kDefaultBind = "127.0.0.1";
inline constexpr const char* kDefaultRestart = "unless-stopped";  // services only
inline constexpr const char* kDefaultStopSignal = "SIGTERM";
inline constexpr const char* kDefaultStopGrace = "30s";
inline constexpr int64_t kDefaultStopGraceMillis = 30000;
inline constexpr const char* kDefaultWorkdir = "/app";  // built modules only
inline constexpr const char* kDefaultImageTag = "latest";
inline constexpr const char* kDefaultSize = "1Gi";  // state and named volumes
inline constexpr const char* kDefaultLogs = "stdout";
inline constexpr int64_t kDefaultRetries = 3;
inline constexpr const char* kDefaultTimeZone = "UTC";  // schedules
inline constexpr int64_t kDefaultSuccessfulHistory = 3;  // Kubernetes' own defaults
inline constexpr int64_t kDefaultFailedHistory = 1;
inline constexpr const char* kDefaultEdgeNamespace = "ingress-nginx";  // routes, api ingress

// Built once per resolve: lookups by name, so a large (or hostile) spec
// resolves in O(n log n) rather than scanning lists per reference.
class Scope {
 public:
  Scope(const spec::Spec& spec, const spec::Profile* profile);

  const spec::Spec& spec;
  const spec::Profile* profile;  // the selected profile, nullptr for none

  // The (first) module called `name`, or nullptr.
  const spec::Module* module(const std::string& name) const;
  // The selected profile's overlay for `module`, or nullptr.
  const spec::ProfileModule* overlay(const std::string& module) const;
  // Indices into spec.modules: what module `i` must come after (depends_on
  // targets, then its build base), and who depends_on it (spec order).
  const std::vector<std::vector<size_t>>& prerequisites() const { return prerequisites_; }
  const std::vector<size_t>& dependents(size_t i) const { return dependents_[i]; }

 private:
  std::map<std::string, size_t> modules_;
  std::map<std::string, const spec::ProfileModule*> overlays_;
  std::vector<std::vector<size_t>> prerequisites_;
  std::vector<std::vector<size_t>> dependents_;
};

// Optional spec strings: none when absent (`opt`), "" when absent (`text`,
// for free text a template may print unconditionally), or a fallback.
std::optional<std::string> opt(const std::optional<spec::LString>& s);
std::string text(const std::optional<spec::LString>& s);
std::string value_or(const std::optional<spec::LString>& s, const std::string& fallback);
std::vector<std::string> strings(const std::vector<spec::LString>& items);
std::optional<std::vector<std::string>> opt_strings(const std::optional<spec::LStrings>& items);
// A quantity as written; none when absent.
std::optional<model::Quantity> quantity(const std::optional<spec::LString>& s);

// The module's kind (default service).
model::ModuleKind kind_of(const spec::Module& m);

// The module's image under profile `p` (nullptr: none).
values::ImageRef image_ref(const Scope& scope, const spec::Module& m, const spec::Profile* p);

// The module's env after the profile overlay, in spec order (overlay entries
// replace same-named ones in place, keeping their description and example
// unless the overlay gives its own; new names are appended).
std::vector<spec::EnvVar> effective_env(const Scope& scope, const spec::Module& m);
// Run-time variables, and build-time ones (`build: true`), of that env.
std::vector<model::EnvEntry> runtime_env(const spec::Module& m,
                                         const std::vector<spec::EnvVar>& env);
std::vector<model::BuildEnv> build_env(const std::vector<spec::EnvVar>& env);

std::optional<model::Health> health(const Scope& scope, const spec::Module& m);
std::vector<model::Mount> mounts(const spec::Module& m);
std::optional<model::State> state(const spec::Spec& spec, const spec::Module& m);
std::optional<model::Resources> resources(const Scope& scope, const spec::Module& m);
std::optional<model::User> user(const std::optional<spec::User>& module_user,
                                const std::optional<spec::User>& default_user);
model::HealthTimings health_timings(const spec::HealthTimings& module_timings,
                                    const spec::HealthTimings& default_timings);

// One module, resolved (module.cpp).
model::Module module(const Scope& scope, size_t index);

// Inserts each module's setup steps as modules just before it (setup.cpp).
void expand_setup(const spec::Spec& spec, std::vector<model::Module>& modules);

}  // namespace gen::resolve::detail

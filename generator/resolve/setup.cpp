// Setup steps: each becomes a module of its own, derived from its owner, so
// every target runs it with the owner's identity and hardening and orders the
// owner after it (model/project.h, Module::setup_of).
#include "resolve/scope.h"

namespace gen::resolve::detail {
namespace {

model::Module step_module(const model::Module& owner, const spec::SetupStep& step) {
  model::Module out = owner;
  out.name = owner.name + "-" + step.name.value;
  out.kind = model::ModuleKind::Job;
  out.description = "Setup step '" + step.name.value + "' of " + owner.name + ".";
  out.command = strings(step.command.value);
  if (step.image) {
    // Another image: nothing built, and its own entrypoint and workdir.
    out.image = model::Image{};
    out.image.ref = values::ImageRef::parse(step.image->value);
    out.image.per_profile.assign(owner.image.per_profile.size(), out.image.ref);
    out.build.reset();
    out.entrypoint.reset();
    out.workdir.reset();
  }
  out.ports.clear();
  // Its own container: never answers to the owner's names.
  out.hostname.reset();
  out.aliases.clear();
  out.addresses.clear();  // the owner's address is the owner's alone
  out.health.reset();
  out.state.reset();  // the owner declares its state volume; the step mounts it
  out.depends_on = owner.depends_on;
  out.restart = model::Restart::No;
  out.replicas = 1;
  out.autoscale.reset();  // an init container or one-shot: not scaled
  out.stop.drain.reset();
  // A scheduled owner's timer or CronJob runs the steps before each run; a
  // step has no schedule of its own (no second timer).
  out.schedule.reset();
  out.setup_of = owner.name;
  out.setup_step = step.name.value;
  out.setup.clear();
  out.loc = step.loc;
  return out;
}

}  // namespace

void expand_setup(const spec::Spec& spec, std::vector<model::Module>& modules) {
  std::vector<model::Module> out;
  out.reserve(modules.size());
  for (model::Module& m : modules) {
    const spec::Module& sm = spec.modules[m.spec_index];
    // Each step after the one before it, the first after the owner's prerequisites.
    std::vector<model::Dependency> before = m.depends_on;
    std::vector<std::string> after = m.after;
    size_t first = out.size();
    for (const spec::SetupStep& step : sm.setup) {
      model::Module s = step_module(m, step);
      s.depends_on = before;
      s.after = after;
      before = {{s.name, model::Condition::Completed}};
      after.push_back(s.name);
      m.setup.push_back(s.name);
      out.push_back(std::move(s));
    }
    for (size_t i = first; i < out.size(); ++i)
      out[i].dependents = {i + 1 < out.size() ? out[i + 1].name : m.name};
    m.after = std::move(after);
    if (!m.setup.empty()) m.depends_on.push_back({m.setup.back(), model::Condition::Completed});
    out.push_back(std::move(m));
  }
  modules = std::move(out);
}

}  // namespace gen::resolve::detail

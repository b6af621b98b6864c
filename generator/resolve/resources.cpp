// Resources: the profile overlay, field by field (e.g. only the memory limit).
#include "resolve/scope.h"

namespace gen::resolve::detail {
namespace {

using OptQ = std::optional<spec::LString>;

std::optional<model::Quantity> pick(const OptQ& overlay, const OptQ& base) {
  return quantity(overlay ? overlay : base);
}

}  // namespace

std::optional<model::Resources> resources(const Scope& scope, const spec::Module& m) {
  const spec::ProfileModule* pm = scope.overlay(m.name.value);
  const spec::Resources* over = pm && pm->resources ? &*pm->resources : nullptr;
  const spec::Resources* base = m.resources ? &*m.resources : nullptr;
  if (!over && !base) return std::nullopt;
  static const spec::Resources kNone;
  if (!over) over = &kNone;
  if (!base) base = &kNone;
  model::Resources out;
  out.cpu = {pick(over->cpu.request, base->cpu.request), pick(over->cpu.limit, base->cpu.limit)};
  out.memory = {pick(over->memory.request, base->memory.request),
                pick(over->memory.limit, base->memory.limit)};
  return out;
}

}  // namespace gen::resolve::detail

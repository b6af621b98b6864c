// Resources: the profile overlay (field by field) and the numbers non-k8s
// targets need (compose `cpus`, systemd CPUQuota=/MemoryMax=).
#include "resolve/quantity.h"
#include "resolve/scope.h"

namespace gen::resolve::detail {
namespace {

using OptQ = std::optional<spec::LString>;

const OptQ& pick(const OptQ& overlay, const OptQ& base) { return overlay ? overlay : base; }

Json cpu_json(const OptQ& request, const OptQ& limit) {
  Json out;
  out["request"] = opt(request);
  out["limit"] = opt(limit);
  for (const auto& [key, q] : {std::pair<const char*, const OptQ*>{"request", &request},
                               std::pair<const char*, const OptQ*>{"limit", &limit}}) {
    std::optional<int64_t> mc = *q ? parse_cpu_millicores((*q)->value) : std::nullopt;
    out[std::string(key) + "_millicores"] = mc ? Json(*mc) : Json(nullptr);
    out[std::string(key) + "_cores"] = mc ? Json(millicores_to_cores(*mc)) : Json(nullptr);
  }
  return out;
}

Json memory_json(const OptQ& request, const OptQ& limit) {
  Json out;
  out["request"] = opt(request);
  out["limit"] = opt(limit);
  std::optional<int64_t> rb = request ? parse_memory_bytes(request->value) : std::nullopt;
  std::optional<int64_t> lb = limit ? parse_memory_bytes(limit->value) : std::nullopt;
  out["request_bytes"] = rb ? Json(*rb) : Json(nullptr);
  out["limit_bytes"] = lb ? Json(*lb) : Json(nullptr);
  return out;
}

}  // namespace

Json resources_json(const Scope& scope, const spec::Module& m) {
  const spec::ProfileModule* pm = scope.overlay(m.name.value);
  const spec::Resources* over = pm && pm->resources ? &*pm->resources : nullptr;
  const spec::Resources* base = m.resources ? &*m.resources : nullptr;
  if (!over && !base) return nullptr;
  static const spec::Resources kNone;
  if (!over) over = &kNone;
  if (!base) base = &kNone;
  Json out;
  out["cpu"] =
      cpu_json(pick(over->cpu.request, base->cpu.request), pick(over->cpu.limit, base->cpu.limit));
  out["memory"] = memory_json(pick(over->memory.request, base->memory.request),
                              pick(over->memory.limit, base->memory.limit));
  return out;
}

}  // namespace gen::resolve::detail

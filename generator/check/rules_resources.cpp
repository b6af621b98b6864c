// requests-within-limits: seed 004 (requests 250m/256Mi under limits
// 1000m/1Gi). Kubernetes refuses a container whose request exceeds its limit.
#include "check/effective.h"
#include "check/families.h"
#include "values/quantity.h"

namespace gen::check {
namespace {

struct Value {
  const spec::LString* text = nullptr;
  bool here = false;  // set by the overlay being checked, not inherited
};

struct Resource {
  const char* name;  // "cpu" | "memory"
  const char* help;  // how to write a valid quantity
};

const Resource kCpu{"cpu", "write cores (0.5, 2) or millicores (250m)"};
const Resource kMemory{"memory", "write bytes with a suffix, e.g. 256Mi, 1Gi or 500M"};

// One resource's request and limit, as the module or a profile overlay
// (`where`: "" or " in profile NAME") makes them. Inherited values were
// checked with the module, so only values set `here` are reported.
void check_pair(const spec::Module& m, const Resource& res, Value request, Value limit,
                const std::string& where, Reporter& report) {
  std::optional<long double> req, lim;
  for (auto* v : {&request, &limit}) {
    if (!v->text) continue;
    auto parsed = values::Quantity::read(v->text->value).value();
    if (!parsed && v->here)
      report.report(m, v->text->loc,
                    std::string(res.name) + (v == &request ? " request '" : " limit '") +
                        v->text->value + "' is not a Kubernetes quantity",
                    res.help);
    (v == &request ? req : lim) = parsed;
  }
  if (!req || !lim || *req <= *lim || (!request.here && !limit.here)) return;
  const Value& at = request.here ? request : limit;
  const Value& other = request.here ? limit : request;
  Diagnostic* d = report.report(
      m, at.text->loc,
      std::string(res.name) + " request " + request.text->value + " of module " + m.name.value +
          " is above its limit " + limit.text->value + where,
      "lower the request or raise the limit; Kubernetes refuses a request above its limit");
  if (d && !other.here)
    d->notes.push_back({std::string("the ") + (request.here ? "limit" : "request") + " is set here",
                        other.text->loc});
}

const spec::LString* get(const std::optional<spec::LString>& v) { return v ? &*v : nullptr; }

}  // namespace

void check_requests_within_limits(const spec::Spec& spec, Reporter& report) {
  for (const auto& m : spec.modules) {
    if (!m.resources) continue;
    check_pair(m, kCpu, {get(m.resources->cpu.request), true}, {get(m.resources->cpu.limit), true},
               "", report);
    check_pair(m, kMemory, {get(m.resources->memory.request), true},
               {get(m.resources->memory.limit), true}, "", report);
  }
  // A profile's overlay replaces single values; the other value of the pair
  // is the module's.
  const ModuleIndex modules(spec);
  for (const auto& profile : spec.profiles) {
    for (const auto& pm : profile.modules) {
      const spec::Module* m = modules.find(pm.module.value);
      if (!m || !pm.resources) continue;
      const std::string where = " in profile " + profile.name.value;
      const auto& base = m->resources;
      auto pick = [](const std::optional<spec::LString>& overlay,
                     const std::optional<spec::LString>* inherited) -> Value {
        if (overlay) return {&*overlay, true};
        if (inherited && *inherited) return {&**inherited, false};
        return {};
      };
      const auto& o = *pm.resources;
      check_pair(*m, kCpu, pick(o.cpu.request, base ? &base->cpu.request : nullptr),
                 pick(o.cpu.limit, base ? &base->cpu.limit : nullptr), where, report);
      check_pair(*m, kMemory, pick(o.memory.request, base ? &base->memory.request : nullptr),
                 pick(o.memory.limit, base ? &base->memory.limit : nullptr), where, report);
    }
  }
}

}  // namespace gen::check

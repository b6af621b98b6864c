#include "spec/references.h"

#include <unordered_map>
#include <unordered_set>

#include "yaml/ids.h"
#include "yaml/path.h"
#include "yaml/scalar.h"
#include "util/spellcheck.h"

namespace gen::spec {
namespace {

namespace ids = yaml::ids;

// Names a reference may use: in spec order (for "did you mean" and the
// list of choices) and hashed (every reference is checked; a linear search
// made a 10,000-module spec quadratic).
struct Known {
  std::vector<std::string> names;
  std::unordered_set<std::string> lookup;
  void add(const std::string& name) {
    names.push_back(name);
    lookup.insert(name);
  }
};

class References {
 public:
  References(const Spec& spec, Diagnostics& diags) : spec_(spec), diags_(diags) {
    for (const auto& m : spec.modules) {
      modules_.add(m.name.value);
      by_name_.emplace(m.name.value, &m);
    }
    for (const auto& n : spec.networks) networks_.add(n.key.value);
    for (const auto& v : spec.volumes) volumes_.add(v.key.value);
  }

  void run() {
    for (const auto& m : spec_.modules) module(m);
    for (const auto& p : spec_.profiles) {
      std::string path = yaml::path_key(yaml::path_key("profiles", p.name.value), "modules");
      for (const auto& o : p.modules) exists(o.module, modules_, "module", path);
    }
  }

 private:
  // Reports `name` unless it is in `known`; true when it exists.
  bool exists(const LString& name, const Known& known, const std::string& noun,
              const std::string& path) {
    return report_unless_known(
        name, known, path + ": unknown " + noun + " " + yaml::quote_for_message(name.value),
        "the spec defines no " + noun + "s");
  }

  bool report_unless_known(const LString& name, const Known& names, const std::string& message,
                           const std::string& none_help) {
    if (names.lookup.count(name.value)) return true;
    const std::vector<std::string>& known = names.names;
    Diagnostic& d = diags_.error(ids::kUnknownReference, name.loc, message);
    underline(d, name);
    std::string close = closest_match(name.value, known);
    if (!close.empty())
      d.help = "did you mean '" + close + "'?";
    else if (known.empty())
      d.help = none_help;
    else if (known.size() <= 12) {
      std::string list;
      for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
      d.help = "expected one of: " + list;
    }
    return false;
  }

  // Names are plain scalars almost always: underline the whole word.
  static void underline(Diagnostic& d, const LString& name) {
    d.range.end = name.loc;
    d.range.end.column = name.loc.column + static_cast<int>(name.value.size());
  }

  void module(const Module& m) {
    const std::string path = yaml::path_key("modules", m.name.value);
    for (const auto& d : m.depends_on) exists(d.module, modules_, "module", path + ".depends_on");
    for (const auto& t : m.talks_to) exists(t, modules_, "module", path + ".talks_to");
    if (m.build && m.build->base) {
      const LString& base = *m.build->base;
      if (exists(base, modules_, "module", path + ".build.base")) {
        const Module* target = module_named(base.value);
        if (!target->kind || target->kind->value != "base") {
          Diagnostic& d =
              diags_.error(ids::kInvalidValue, base.loc,
                           path + ".build.base: module '" + base.value + "' is not of kind base");
          underline(d, base);
          d.help = "set kind: base on module '" + base.value + "'";
        }
      }
    }
    for (size_t i = 0; i < m.networks.size(); ++i)
      exists(m.networks[i], networks_, "network", path + ".networks");
    // Not indexed: mounts the validator refused are not in the model, so an
    // index would be off; the position points at the mount.
    const std::string mpath = path + ".mounts";
    for (const Mount& mt : m.mounts) {
      if (mt.kind == Mount::Kind::Volume) {
        exists(mt.source, volumes_, "volume", mpath);
      } else if (mt.kind == Mount::Kind::From && exists(mt.source, modules_, "module", mpath) &&
                 mt.path) {
        const Module* other = module_named(mt.source.value);
        Known owned;
        for (const auto& om : other->mounts)
          if (om.kind == Mount::Kind::Own) owned.add(om.source.value);
        report_unless_known(
            *mt.path, owned,
            mpath + ": module '" + mt.source.value + "' owns no directory " +
                yaml::quote_for_message(mt.path->value),
            "module '" + mt.source.value + "' owns no directories (mounts with own: DIR)");
      }
    }
  }

  const Spec& spec_;
  Diagnostics& diags_;
  const Module* module_named(const std::string& name) const {
    auto it = by_name_.find(name);
    return it == by_name_.end() ? nullptr : it->second;
  }

  Known modules_;
  std::unordered_map<std::string, const Module*> by_name_;  // first of each name
  Known networks_;
  Known volumes_;
};

}  // namespace

void check_references(const Spec& spec, Diagnostics& diags) { References(spec, diags).run(); }

}  // namespace gen::spec

#include "spec/references.h"

#include "load/load_ids.h"
#include "load/path.h"
#include "load/scalar.h"
#include "util/spellcheck.h"

namespace gen::spec {
namespace {

namespace ids = load::ids;

class References {
 public:
  References(const Spec& spec, Diagnostics& diags) : spec_(spec), diags_(diags) {
    for (const auto& m : spec.modules) modules_.push_back(m.name.value);
    for (const auto& n : spec.networks) networks_.push_back(n.key.value);
    for (const auto& v : spec.volumes) volumes_.push_back(v.key.value);
  }

  void run() {
    for (const auto& m : spec_.modules) module(m);
    for (const auto& p : spec_.profiles) {
      std::string path = load::path_key(load::path_key("profiles", p.name.value), "modules");
      for (const auto& o : p.modules) exists(o.module, modules_, "module", path);
    }
  }

 private:
  // Reports `name` unless it is in `known`; true when it exists.
  bool exists(const LString& name, const std::vector<std::string>& known, const std::string& noun,
              const std::string& path) {
    return report_unless_known(
        name, known, path + ": unknown " + noun + " " + load::quote_for_message(name.value),
        "the spec defines no " + noun + "s");
  }

  bool report_unless_known(const LString& name, const std::vector<std::string>& known,
                           const std::string& message, const std::string& none_help) {
    for (const auto& k : known)
      if (k == name.value) return true;
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
    const std::string path = load::path_key("modules", m.name.value);
    for (const auto& d : m.depends_on) exists(d.module, modules_, "module", path + ".depends_on");
    if (m.build && m.build->base) {
      const LString& base = *m.build->base;
      if (exists(base, modules_, "module", path + ".build.base")) {
        const Module* target = spec_.find_module(base.value);
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
        const Module* other = spec_.find_module(mt.source.value);
        std::vector<std::string> owned;
        for (const auto& om : other->mounts)
          if (om.kind == Mount::Kind::Own) owned.push_back(om.source.value);
        report_unless_known(
            *mt.path, owned,
            mpath + ": module '" + mt.source.value + "' owns no directory " +
                load::quote_for_message(mt.path->value),
            "module '" + mt.source.value + "' owns no directories (mounts with own: DIR)");
      }
    }
  }

  const Spec& spec_;
  Diagnostics& diags_;
  std::vector<std::string> modules_;
  std::vector<std::string> networks_;
  std::vector<std::string> volumes_;
};

}  // namespace

void check_references(const Spec& spec, Diagnostics& diags) { References(spec, diags).run(); }

}  // namespace gen::spec

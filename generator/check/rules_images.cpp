// pinned-prod-images: seed 002 ("Deployments SHOULD pin to a specific git SHA
// tag, not latest"), seed 004 ("latest: Local development only").
// base-module: seed 003's image hierarchy (base-debian, then services FROM it).
#include <algorithm>
#include <map>

#include "check/effective.h"
#include "check/families.h"

namespace gen::check {
namespace {

enum class Pin { Pinned, Latest, Untagged };

// Whether a plain image reference names a fixed image: a digest, or a tag
// other than latest. A ${VAR} where the tag would be counts as pinned, since
// the value is chosen at deploy time.
Pin pin_of(const std::string& ref) {
  if (ref.find('@') != std::string::npos) return Pin::Pinned;
  const size_t slash = ref.rfind('/');
  const std::string last = slash == std::string::npos ? ref : ref.substr(slash + 1);
  const size_t colon = last.rfind(':');
  if (colon == std::string::npos)
    return last.find("${") != std::string::npos ? Pin::Pinned : Pin::Untagged;
  const std::string tag = last.substr(colon + 1);
  return tag.empty() || tag == "latest" ? Pin::Latest : Pin::Pinned;
}

// The reference without its tag: "redis:latest" -> "redis".
std::string untagged(const std::string& ref) {
  const size_t slash = ref.rfind('/');
  const size_t colon = ref.rfind(':');
  return colon != std::string::npos && (slash == std::string::npos || colon > slash)
             ? ref.substr(0, colon)
             : ref;
}

bool floating(const std::string& tag) { return tag.empty() || tag == "latest"; }

const char* kTagHelp =
    "tag built images with something immutable, e.g. `image_tag: \"${GIT_SHA}\"` in the profile";

}  // namespace

void check_pinned_prod_images(const spec::Spec& spec, Reporter& report) {
  std::vector<const spec::Profile*> prods;
  for (const auto& p : spec.profiles)
    if (is_prod_profile(p)) prods.push_back(&p);
  if (prods.empty()) return;
  const std::string first = prods.front()->name.value;

  for (const auto& m : spec.modules) {
    if (m.build || !m.image) continue;
    const std::string& ref = m.image->value;
    switch (pin_of(ref)) {
      case Pin::Pinned: break;
      case Pin::Latest:
        report.report(m, m.image->loc,
                      "image " + ref + " of module " + m.name.value +
                          " is not pinned; profile " + first + " refuses latest",
                      "pin a version tag or a digest, e.g. " + untagged(ref) + ":1.2.3 or " +
                          untagged(ref) + "@sha256:...");
        break;
      case Pin::Untagged:
        report.report(m, m.image->loc,
                      "image " + ref + " of module " + m.name.value +
                          " has no tag, which means latest; profile " + first +
                          " refuses untagged images",
                      "pin a version tag or a digest, e.g. " + ref + ":1.2.3 or " + ref +
                          "@sha256:...");
        break;
    }
  }

  // Built images take the module's image_tag, else the profile's, else
  // defaults.image_tag, else latest. A floating tag set by the module is that
  // module's finding; one set (or left unset) project-wide is reported once,
  // where it is set, naming the modules it reaches.
  std::vector<std::string> via_defaults;
  std::vector<std::string> defaults_profiles;
  for (const auto& m : spec.modules) {
    if (m.build && m.image_tag && floating(m.image_tag->value))
      report.report(m, m.image_tag->loc,
                    "module " + m.name.value + " tags its image '" + m.image_tag->value +
                        "', which profile " + first + " refuses",
                    kTagHelp);
  }
  const bool defaults_float = spec.defaults.image_tag && floating(spec.defaults.image_tag->value);
  for (const auto* profile : prods) {
    const bool uses_defaults = !profile->image_tag;
    if (profile->image_tag ? !floating(profile->image_tag->value)
                           : spec.defaults.image_tag && !defaults_float)
      continue;
    std::vector<std::string> reached;
    for (const auto& m : spec.modules)
      if (m.build && !m.image_tag && !report.waived(m)) reached.push_back(m.name.value);
    if (reached.empty()) continue;
    if (uses_defaults && defaults_float) {
      via_defaults = reached;  // the same modules for every profile
      defaults_profiles.push_back(profile->name.value);
    } else if (profile->image_tag) {
      report.report(profile->image_tag->loc,
                    "profile " + profile->name.value + " tags the built images of " +
                        join_names(reached) + " '" + profile->image_tag->value + "'",
                    kTagHelp);
    } else {
      report.report(profile->name.loc,
                    "profile " + profile->name.value + " sets no image_tag, so the built images of " +
                        join_names(reached) + " are tagged latest",
                    kTagHelp);
    }
  }
  if (!via_defaults.empty())
    report.report(spec.defaults.image_tag->loc,
                  "defaults.image_tag '" + spec.defaults.image_tag->value +
                      "' tags the built images of " + join_names(via_defaults) + " in profile " +
                      join_names(defaults_profiles),
                  kTagHelp);
}

void check_base_module(const spec::Spec& spec, Reporter& report) {
  // The loader already requires a build on a base module and a build.base
  // naming a module of kind base; what it cannot see is a chain of base
  // modules that never reaches an image. Each module has at most one
  // build.base, so a loop is a simple ring: walk each chain once, and report
  // a ring of base modules at its first module in spec order.
  const ModuleIndex modules(spec);
  std::map<const spec::Module*, size_t> position;
  for (size_t i = 0; i < spec.modules.size(); ++i) position[&spec.modules[i]] = i;
  enum State { kNew, kWalking, kDone };
  std::vector<State> state(spec.modules.size(), kNew);
  for (const auto& m : spec.modules) {
    std::vector<const spec::Module*> path;
    const spec::Module* cur = &m;
    while (cur && state[position[cur]] == kNew) {
      state[position[cur]] = kWalking;
      path.push_back(cur);
      cur = cur->build && cur->build->base ? modules.find(cur->build->base->value) : nullptr;
    }
    if (cur && state[position[cur]] == kWalking) {
      // The ring is the part of the path from `cur` on; start it at its first module.
      std::vector<const spec::Module*> ring(std::find(path.begin(), path.end(), cur), path.end());
      const bool all_base = std::all_of(ring.begin(), ring.end(), [](const spec::Module* r) {
        return module_kind(*r) == "base";
      });
      if (all_base) {  // else the loader reports the member that is not a base
        std::rotate(ring.begin(),
                    std::min_element(ring.begin(), ring.end(),
                                     [&](const spec::Module* x, const spec::Module* y) {
                                       return position[x] < position[y];
                                     }),
                    ring.end());
        std::string text;
        for (const auto* r : ring) text += r->name.value + " -> ";
        text += ring.front()->name.value;
        report.report(*ring.front(), ring.front()->build->base->loc,
                      "build.base chain loops: " + text,
                      "let the chain end at a base module built from an image (build.from)");
      }
    }
    for (const auto* p : path) state[position[p]] = kDone;
  }
}

}  // namespace gen::check

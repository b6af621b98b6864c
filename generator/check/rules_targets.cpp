// target-support: a construct of the spec that one of the targets gen renders
// cannot express is refused before rendering, at the construct, instead of
// being dropped from that target's artifacts.
#include <map>
#include <set>

#include "check/families.h"
#include "values/k8s_name.h"

namespace gen::check {
namespace {

// targets.k8s.expose names each exposing module's extra Service
// `<module>-public`: a Service name is a DNS label of at most 63 characters.
// (Any published port counts: which bind a profile selects is not known here.)
void check_public_service_names(const spec::Spec& spec, Reporter& report) {
  if (!spec.k8s.expose || spec.k8s.expose->value == "none") return;
  constexpr size_t kSuffix = 7;  // "-public"
  // A host name or alias is a Service of that name too (Kubernetes has no
  // other way to give a pod a second DNS name): it must not be a public one.
  std::set<std::string> public_names;
  for (const auto& m : spec.modules)
    for (const auto& p : m.ports)
      if (p.host) public_names.insert(m.name.value + "-public");
  for (const auto& m : spec.modules) {
    std::vector<const spec::LString*> names;
    if (m.hostname) names.push_back(&*m.hostname);
    for (const auto& a : m.aliases) names.push_back(&a);
    for (const spec::LString* n : names)
      if (public_names.count(n->value))
        report.report(m, n->loc,
                      "module " + m.name.value + " is reached by the name " + n->value +
                          ", which targets.k8s.expose gives the public Service of module " +
                          n->value.substr(0, n->value.size() - kSuffix),
                      "choose another name");
  }
  for (const auto& m : spec.modules) {
    if (m.name.value.size() + kSuffix <= 63) continue;
    for (const auto& p : m.ports)
      if (p.host) {
        report.report(m, m.name.loc,
                      "module " + m.name.value + " publishes a port, and targets.k8s.expose (" +
                          spec.k8s.expose->value + ") names its public Service " + m.name.value +
                          "-public, longer than the 63 characters of a Kubernetes name",
                      "shorten the module's name to 56 characters or less");
        break;
      }
  }
}

// A volume's claim in Kubernetes is named after its key with '_' as '-' and
// in small letters (values::k8s_name): keys that only differ there (db_data,
// db-data) would be one claim, so one volume's data in the other's.
void check_volume_claim_names(const spec::Spec& spec, Reporter& report) {
  std::map<std::string, const spec::LString*> seen;
  for (const auto& v : spec.volumes) {
    if (v.external && v.external->value) continue;  // the operator's claim, by its name
    std::string claim = values::k8s_name(v.key.value);
    auto [it, fresh] = seen.emplace(claim, &v.key);
    if (fresh) continue;
    report.report(v.key.loc,
                  "volume " + v.key.value + " and volume " + it->second->value +
                      " are both the PersistentVolumeClaim " + claim +
                      " in Kubernetes, whose names have no '_' and no capitals",
                  "rename one of them");
  }
}

}  // namespace

namespace {

// A variable with '.' in its name (discovery.type) reaches the container
// only as a fixed value written into each artifact: systemd refuses such a
// name in Environment= and set-environment, compose interpolates only
// shell-style names, and a Dockerfile ARG wants one too. So its value is
// the spec's (value or default), never set at run time or at build time.
std::string dotted_name_problem(const spec::EnvVar& e) {
  if (e.name.value.find('.') == std::string::npos) return "";
  switch (e.kind) {
    case spec::EnvVar::Kind::Value:
    case spec::EnvVar::Kind::Default:
      return "";
    case spec::EnvVar::Kind::Required:
      return "required at run time";
    case spec::EnvVar::Kind::Secret:
      return "a secret";
    case spec::EnvVar::Kind::Optional:
      return "optional (set at run time)";
    case spec::EnvVar::Kind::Build:
      return "a build-time value";
  }
  return "";
}

const char* const kDottedWhy =
    ", but a name with '.' only reaches the container as a value the spec writes: systemd "
    "refuses it in Environment= and set-environment, compose interpolates only names of "
    "letters, digits and '_', a Dockerfile ARG needs one too";

std::string dotted_help(const std::string& name) {
  return "give it its value in the spec (`" + name +
         ": VALUE`), or use a name of letters, digits and '_'";
}

// Kubernetes hands a device to a pod only through a device plugin, as an
// extended resource (DOMAIN/NAME, outside kubernetes.io): each device of a
// module that runs needs its resource under targets.k8s.device_resources.
void check_device_resources(const spec::Spec& spec, Reporter& report) {
  std::map<std::string, const spec::LString*> resources;
  for (const auto& [host, resource] : spec.k8s.device_resources) {
    resources[host.value] = &resource;
    const std::string& r = resource.value;
    const size_t slash = r.find('/');
    const std::string domain = slash == std::string::npos ? "" : r.substr(0, slash);
    const bool own = domain == "kubernetes.io" ||
                     (domain.size() > 14 && domain.substr(domain.size() - 14) == ".kubernetes.io");
    if (domain.empty() || own)
      report.report(resource.loc,
                    "device resource " + r + " of " + host.value +
                        " is not an extended resource name (DOMAIN/NAME, outside kubernetes.io)",
                    "write the name the device plugin offers, e.g. smarter-devices/fuse");
  }
  for (const auto& m : spec.modules) {
    if (!m.devices || (m.kind && m.kind->value == "base")) continue;
    for (const auto& d : m.devices->value) {
      std::string host = d.value.substr(0, d.value.find(':'));
      if (resources.count(host)) continue;
      report.report(m, d.loc,
                    "module " + m.name.value + " is given host device " + host +
                        ", which Kubernetes hands over only through a device plugin, as an "
                        "extended resource; the spec names none for it",
                    "name the plugin's resource: `targets: {k8s: {device_resources: {" + host +
                        ": DOMAIN/NAME}}}` (e.g. smarter-devices/fuse)");
    }
  }
}

}  // namespace

void check_target_support(const spec::Spec& spec, Reporter& report) {
  check_public_service_names(spec, report);
  check_device_resources(spec, report);
  check_volume_claim_names(spec, report);
  for (const auto& m : spec.modules)
    for (const auto& e : m.env)
      if (std::string what = dotted_name_problem(e); !what.empty())
        report.report(m, e.name.loc,
                      "variable " + e.name.value + " of module " + m.name.value + " is " + what +
                          kDottedWhy,
                      dotted_help(e.name.value));
  for (const auto& p : spec.profiles)
    for (const auto& pm : p.modules)
      for (const auto& e : pm.env)
        if (std::string what = dotted_name_problem(e); !what.empty())
          report.report(e.name.loc,
                        "variable " + e.name.value + " of module " + pm.module.value +
                            " in profile " + p.name.value + " is " + what + kDottedWhy,
                        dotted_help(e.name.value));
  // Classic units under Docker: `docker run` has no secret store (secrets
  // are a Swarm feature), so only a secret with a file can be bind-mounted.
  const bool docker_units = spec.systemd.engine && spec.systemd.engine->value == "docker";
  if (!docker_units) return;
  for (const auto& m : spec.modules)
    for (const auto& mount : m.mounts)
      if (mount.kind == spec::Mount::Kind::Secret && !mount.file)
        report.report(m, mount.source.loc,
                      "secret " + mount.source.value + " of module " + m.name.value +
                          " is an existing secret, which the classic units cannot mount under "
                          "Docker (targets.systemd.engine: docker has no secret store)",
                      "give the file that holds it (`file: ./secrets/" + mount.source.value +
                          "`), which every target can mount, or use engine: podman");
}

}  // namespace gen::check

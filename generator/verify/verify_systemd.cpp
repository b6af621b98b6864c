// The systemd target's post-conditions, checked on the rendered units read
// back as systemd reads them (verify/systemd_unit.h): every module's unit
// keeps the container contract (verify/systemd_checks.h), and every unit file
// parses (a broken line would make systemd or Quadlet skip the setting).
#include <map>
#include <optional>
#include <set>
#include <vector>

#include "model/project.h"
#include "verify/artifact.h"
#include "verify/systemd_checks.h"
#include "verify/verifiers.h"

namespace gen::verify {
namespace {

// The rendered units, each parsed when a check first asks for it (its syntax
// problems reported then) and dropped when the checks of its module are
// done: holding every parsed unit of a large project at once was a tenth of
// gen's peak memory (bench/README.md). finish() parses what no check asked
// for, so every unit file is still read for syntax exactly once.
class Units {
 public:
  Units(const FileSet& files, Diagnostics& diags) : files_(files), diags_(diags) {}

  // The parsed unit at `path`, or nullptr when this run rendered none.
  const unit::UnitFile* find(const std::string& path) {
    if (auto it = parsed_.find(path); it != parsed_.end()) return &it->second;
    auto file = files_.find(path);
    if (file == files_.end()) return nullptr;
    std::string buffer;
    unit::UnitFile& u = parsed_[path] = unit::parse(text_of(file->second, buffer));
    if (seen_.insert(path).second) {  // a unit asked for again after a drop: reported once
      UnitSite at{path, file->second, diags_};
      for (const auto& p : u.problems) at.error("systemd-syntax", p.at, p.message);
    }
    return &u;
  }
  void drop(const std::string& path) { parsed_.erase(path); }

  void finish() {
    for (const auto& entry : files_)
      if (entry.first.rfind("systemd/", 0) == 0 && !seen_.count(entry.first)) {
        find(entry.first);
        drop(entry.first);
      }
  }

 private:
  const FileSet& files_;
  Diagnostics& diags_;
  std::map<std::string, unit::UnitFile> parsed_;
  std::set<std::string> seen_;
};

// A scheduled job: its timer starts the unit at the schedule's times (in its
// time zone), and nothing else does: the unit is not enabled for boot and
// does not stay active after a run (the timer could not start it again).
// What only a timer starts (a scheduled job, a setup step of one): not
// enabled for boot, and not active after a run, or the next run would not
// start it again.
void check_started_by_timer(const UnitSite& at, const unit::UnitFile& unit,
                            const std::string& what) {
  if (unit.section("Install"))
    at.error("schedule-output", unit.section("Install")->at,
             "the unit of " + what + " has an [Install] section: it would also start at boot");
  if (const unit::Entry* e = unit.last("Service", "RemainAfterExit"); e && unit::is_true(e->value))
    at.error("schedule-output", e->at,
             what + " stays active after a run (RemainAfterExit=), so its timer would start it "
                    "only once");
}

void check_schedule(Units& units, const FileSet& files,
                    Diagnostics& diags, const std::string& unit_path, const unit::UnitFile& job,
                    const model::Module& module) {
  const std::string service = module.name + ".service";
  UnitSite job_at{unit_path, files.at(unit_path), diags};
  check_started_by_timer(job_at, job, "scheduled job " + module.name);
  const std::string path = "systemd/" + module.name + ".timer";
  const unit::UnitFile* found = units.find(path);
  if (!found) {
    job_at.error("schedule-output", unit::Position{1, 1},
                 "module " + module.name + " runs on a schedule but " + path + " is missing");
    return;
  }
  const unit::UnitFile& timer = *found;
  UnitSite at{path, files.at(path), diags};
  auto expect = [&](const char* section, const char* key, const std::string& want,
                    const std::string& why) {
    const unit::Entry* e = timer.last(section, key);
    if (!e || e->value != want)
      at.error("schedule-output", e ? e->at : unit::Position{1, 1},
               std::string(key) + "= is " + (e ? "'" + e->value + "'" : "missing") + "; " + why +
                   " '" + want + "'");
  };
  expect("Timer", "OnCalendar", module.schedule->calendar(),
         "the schedule's times (cron " + module.schedule->cron.text() + ") are");
  expect("Timer", "Unit", service, "the timer starts the job's unit");
  expect("Install", "WantedBy", "timers.target", "an enabled timer is wanted by");
}

}  // namespace

void verify_systemd(const FileSet& files, const model::Project& project, Diagnostics& diags) {
  // Quadlet is Podman's: that flavor always runs podman, whatever the
  // engine says (docs/systemd.md).
  const model::SystemdTarget& target = project.targets.systemd;
  bool quadlet = target.flavor == model::SystemdFlavor::Quadlet;
  std::string engine = quadlet ? "podman" : model::spelled(target.engine);

  Units units(files, diags);

  // What gen creates on the host is named per project (issue 22, case 13):
  // each .volume / .network unit (Quadlet) or the last word of the
  // creating ExecStart (classic) is the model's scoped name.
  auto check_name = [&](const std::string& key, const std::string& name, bool network) {
    std::string path = "systemd/" + key + (quadlet ? (network ? ".network" : ".volume")
                                                   : (network ? "-network.service" : "-volume.service"));
    const unit::UnitFile* unit = units.find(path);
    if (!unit) return;
    UnitSite at{path, files.at(path), diags};
    const char* setting = network ? "NetworkName" : "VolumeName";
    const unit::Entry* e = quadlet ? unit->last(network ? "Network" : "Volume", setting)
                                   : unit->last("Service", "ExecStart");
    std::string got;
    if (e && quadlet) got = e->value;
    if (e && !quadlet) {
      std::vector<unit::Word> words;
      unit::Problem p;
      if (unit::split_words(*e, words, p) && !words.empty()) got = words.back().text;
      // The docker flavor's sh -c line ends in the name as a shell word.
      size_t space = got.find_last_of(' ');
      if (space != std::string::npos) got = got.substr(space + 1);
      if (got.size() >= 2 && got.front() == '\'' && got.back() == '\'')
        got = got.substr(1, got.size() - 2);
    }
    if (got != name)
      at.error("project-scoped-names", e ? e->at : unit::Position{1, 1},
               std::string(network ? "network '" : "volume '") + key + "' is created as '" + got +
                   "'; the spec names it '" + name + "'")
          .help = "what gen creates is named <project>_<key>, so projects on one host do not "
                  "share it";
  };
  for (const model::Volume& v : project.volumes)
    if (!v.external) check_name(v.key, v.name, false);
  for (const model::Module& m : project.modules)
    if (m.state && m.kind != model::ModuleKind::Base) check_name(m.state->volume, m.state->name, false);
  for (const model::Network& n : project.networks)
    if (!n.external && n.variables.empty()) check_name(n.key, n.name, true);

  // Egress (issue 21): the networks gen creates are internal as the model
  // says (the default one always), the routed one is not.
  const std::string default_key = project.info.name + "-default";
  const std::string routed_key = project.info.name + "-" + model::kEgressNetwork;
  auto check_internal = [&](const std::string& key, bool want) {
    std::string path = "systemd/" + key + (quadlet ? ".network" : "-network.service");
    const unit::UnitFile* unit = units.find(path);
    if (!unit) return;
    UnitSite at{path, files.at(path), diags};
    bool internal = false;
    const unit::Entry* e = quadlet ? unit->last("Network", "Internal")
                                   : unit->last("Service", "ExecStart");
    if (e && quadlet) internal = unit::is_true(e->value);
    if (e && !quadlet) {
      std::vector<unit::Word> words;
      unit::Problem p;
      if (unit::split_words(*e, words, p))
        for (const auto& w : words)
          // podman's own words; the docker flavor's sh -c line holds it as text
          internal |= w.text == "--internal" || w.text.find(" --internal ") != std::string::npos;
    }
    if (internal != want)
      at.error("egress-output", e ? e->at : unit::Position{1, 1},
               "network '" + key + "' " +
                   (want ? "routes out of the host; the spec makes it internal"
                         : "is internal; the modules with egress need its route out"))
          .help = want ? (quadlet ? "Internal=true" : "network create --internal")
                       : "no Internal=true / --internal";
  };
  // Static addresses (issue 20): each network gen creates has the spec's
  // subnet and gateway (Quadlet Subnet=/Gateway=, `network create --subnet
  // --gateway`) and no other; the default and routed ones the engine's.
  auto check_ipam = [&](const std::string& key, const model::Network* n) {
    std::string path = "systemd/" + key + (quadlet ? ".network" : "-network.service");
    const unit::UnitFile* unit = units.find(path);
    if (!unit) return;
    UnitSite at{path, files.at(path), diags};
    std::optional<std::string> subnet, gateway;
    unit::Position where{1, 1};
    if (quadlet) {
      if (const unit::Entry* e = unit->last("Network", "Subnet")) subnet = e->value, where = e->at;
      if (const unit::Entry* e = unit->last("Network", "Gateway")) gateway = e->value;
    } else if (const unit::Entry* e = unit->last("Service", "ExecStart")) {
      where = e->at;
      std::vector<unit::Word> words;
      unit::Problem p;
      std::vector<std::string> tokens;  // the docker flavor's sh -c line holds them as text
      if (unit::split_words(*e, words, p))
        for (const auto& w : words) {
          size_t start = 0;
          while (start <= w.text.size()) {
            size_t space = w.text.find(' ', start);
            if (space == std::string::npos) space = w.text.size();
            if (space > start) tokens.push_back(w.text.substr(start, space - start));
            start = space + 1;
          }
        }
      for (size_t i = 0; i < tokens.size(); ++i)
        for (auto [flag, out] : {std::pair{"--subnet", &subnet}, std::pair{"--gateway", &gateway}}) {
          std::string f = flag;
          if (tokens[i] == f && i + 1 < tokens.size()) *out = tokens[i + 1];
          if (tokens[i].rfind(f + "=", 0) == 0) *out = tokens[i].substr(f.size() + 1);
        }
    }
    std::optional<values::Cidr> want = n ? n->subnet : std::nullopt;
    std::optional<values::Ipv4> want_gw = n ? n->gateway : std::nullopt;
    auto block = subnet ? values::Cidr::parse(*subnet) : values::Cidr::Result{};
    auto gw = gateway ? values::Ipv4::parse(*gateway) : values::Ipv4::Result{};
    bool subnet_ok = want ? block.cidr && *block.cidr == *want : !subnet;
    bool gateway_ok = want_gw ? gw.address && *gw.address == *want_gw : !gateway;
    if (!subnet_ok || !gateway_ok)
      at.error("static-addresses", where,
               "network '" + key + "' has subnet " + subnet.value_or("none") + " and gateway " +
                   gateway.value_or("none") + "; the spec's are " +
                   (want ? want->text() : "none") + " and " + (want_gw ? want_gw->text() : "none"))
          .help = quadlet ? "Subnet= and Gateway= in [Network]"
                          : "network create --subnet ... --gateway ...";
  };
  check_ipam(default_key, nullptr);
  for (const model::Network& n : project.networks)
    if (!n.external) check_ipam(n.key, &n);
  if (project.egress_network) check_ipam(routed_key, nullptr);
  check_internal(default_key, true);
  for (const model::Network& n : project.networks)
    if (!n.external) check_internal(n.key, n.internal);
  std::vector<std::string> routed;
  if (project.egress_network) {
    check_internal(routed_key, false);
    check_name(routed_key, project.egress_network->name, true);
    routed = {project.egress_network->name, routed_key + ".network"};
  }

  for (const model::Module& module : project.modules) {
    if (module.kind == model::ModuleKind::Base) continue;  // built, never run: no unit
    std::string path = "systemd/" + module.name + (quadlet ? ".container" : ".service");
    const unit::UnitFile* unit = units.find(path);
    if (!unit) continue;  // not rendered by this run's targets
    UnitSite at{path, files.at(path), diags};
    if (quadlet)
      check_quadlet_container(at, *unit, module, !project.routes.empty(), routed, project);
    else
      check_service_unit(at, *unit, module, engine, !project.routes.empty(), routed, project);
    if (module.schedule) check_schedule(units, files, diags, path, *unit, module);
    if (const model::Module* owner = module.setup_of ? project.find_module(*module.setup_of) : nullptr;
        owner && owner->schedule)
      check_started_by_timer(at, *unit,
                             "setup step " + module.name + " of scheduled job " + owner->name);
    check_setup_order(at, *unit, module, project);
    units.drop(path);
    units.drop("systemd/" + module.name + ".timer");
  }
  units.finish();
}

}  // namespace gen::verify

// Mounts: read-only rules applied (own conf, another module's directory and
// config files are always read-only), host paths for both compose layouts,
// and a unique DNS-1123 name per mount for Kubernetes volumes.
#include <set>

#include "resolve/host_path.h"
#include "resolve/scope.h"

namespace gen::resolve::detail {
namespace {

model::MountKind mount_kind_of(spec::Mount::Kind k) {
  switch (k) {
    case spec::Mount::Kind::Tmpfs:
      return model::MountKind::Tmpfs;
    case spec::Mount::Kind::Anonymous:
      return model::MountKind::Anonymous;
    case spec::Mount::Kind::Own:
      return model::MountKind::Own;
    case spec::Mount::Kind::Volume:
      return model::MountKind::Volume;
    case spec::Mount::Kind::From:
      return model::MountKind::From;
    case spec::Mount::Kind::Config:
      return model::MountKind::Config;
    case spec::Mount::Kind::ConfigDir:
      return model::MountKind::ConfigDir;
    case spec::Mount::Kind::Secret:
      return model::MountKind::Secret;
    case spec::Mount::Kind::Bind:
      break;
  }
  return model::MountKind::Bind;
}

// Lower-case letters, digits and single '-', at most 50 characters so a
// "-N" suffix still fits a 63-character DNS-1123 label.
std::string dns_label(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    if (c >= 'A' && c <= 'Z') c = static_cast<unsigned char>(c - 'A' + 'a');
    bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    if (ok)
      out += static_cast<char>(c);
    else if (!out.empty() && out.back() != '-')
      out += '-';
  }
  if (out.size() > 50) out.resize(50);
  while (!out.empty() && out.back() == '-') out.pop_back();
  return out;
}

std::string unique_name(const std::string& wanted, std::set<std::string>& used) {
  std::string name = wanted;
  for (int n = 2; used.count(name); ++n) name = wanted + "-" + std::to_string(n);
  used.insert(name);
  return name;
}

// The named volume (compose) / claim (k8s) holding a module's state.
std::string state_volume_name(const spec::Module& m) { return m.name.value + "-state"; }

model::Quantity state_size(const spec::Module& m) {
  return model::Quantity::read(value_or(m.state->size, kDefaultSize));
}

}  // namespace

std::optional<model::State> state(const spec::Spec& spec, const spec::Module& m) {
  if (!m.state) return std::nullopt;
  std::string key = state_volume_name(m);
  std::string name = model::scoped_name(spec.project.value, key);
  return model::State{m.state->target.value, state_size(m), std::move(key), std::move(name)};
}

std::vector<model::Mount> mounts(const spec::Module& m) {
  const std::string& self = m.name.value;
  std::set<std::string> used;
  std::vector<model::Mount> out;
  out.reserve(m.mounts.size() + (m.state ? 1 : 0));
  for (const auto& mt : m.mounts) {
    model::Mount e;
    e.kind = mount_kind_of(mt.kind);
    e.target = mt.target.value;
    e.read_only = mt.read_only ? mt.read_only->value : false;
    e.loc = mt.loc;
    std::string label;
    switch (mt.kind) {
      case spec::Mount::Kind::Tmpfs:
        e.read_only = false;  // a read-only tmpfs is useless
        label = mt.target.value;
        e.size = quantity(mt.size);
        break;
      case spec::Mount::Kind::Anonymous:
        e.read_only = false;  // a private scratch directory the container writes
        label = mt.target.value;
        break;
      case spec::Mount::Kind::Own:
        if (mt.source.value == "conf") e.read_only = true;  // conf/ is always read-only (seed 000)
        label = mt.source.value;
        e.host = output_path(self + "/" + mt.source.value, self);
        e.module = self;
        e.path = mt.source.value;
        break;
      case spec::Mount::Kind::Volume:
        label = mt.source.value;
        e.volume = mt.source.value;
        break;
      case spec::Mount::Kind::From: {
        e.read_only = true;  // another module's directory is never writable
        std::string dir = mt.path ? mt.path->value : std::string();
        label = mt.source.value + "-" + dir;
        e.host = output_path(mt.source.value + "/" + dir, self);
        e.module = mt.source.value;
        e.path = dir;
        break;
      }
      case spec::Mount::Kind::Config:
      case spec::Mount::Kind::ConfigDir:
        e.read_only = true;  // configuration files are inputs, not state
        label = mt.source.value;
        e.host = spec_path(mt.source.value);
        break;
      case spec::Mount::Kind::Secret:
        e.read_only = true;  // a secret is read, never written
        label = mt.source.value;
        e.secret = mt.source.value;
        if (mt.file) e.host = spec_path(mt.file->value);
        break;
      case spec::Mount::Kind::Bind:
        label = mt.source.value;
        e.host = spec_path(mt.source.value);
        break;
    }
    e.name = unique_name(dns_label(std::string(model::spelled(e.kind)) + "-" + label), used);
    out.push_back(std::move(e));
  }
  if (m.state) {
    model::Mount e;
    e.kind = model::MountKind::State;
    e.name = unique_name("state", used);
    e.target = m.state->target.value;
    e.volume = state_volume_name(m);
    e.size = state_size(m);
    e.loc = m.state->loc;
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace gen::resolve::detail

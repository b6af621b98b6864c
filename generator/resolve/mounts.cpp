// Mounts: read-only rules applied (own conf, another module's directory and
// config files are always read-only), host paths for both compose layouts,
// and a unique DNS-1123 name per mount for Kubernetes volumes.
#include <set>

#include "resolve/host_path.h"
#include "resolve/scope.h"
#include "util/json_object.h"

namespace gen::resolve::detail {
namespace {

const char* type_name(spec::Mount::Kind k) {
  switch (k) {
    case spec::Mount::Kind::Tmpfs:
      return "tmpfs";
    case spec::Mount::Kind::Own:
      return "own";
    case spec::Mount::Kind::Volume:
      return "volume";
    case spec::Mount::Kind::From:
      return "from";
    case spec::Mount::Kind::Config:
      return "config";
    case spec::Mount::Kind::Bind:
      return "bind";
  }
  return "bind";
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

Json mount_entry(const std::string& name, const std::string& type, const std::string& target,
                 bool read_only) {
  Json out = object_with_room(12);
  out["name"] = name;
  out["type"] = type;
  out["target"] = target;
  out["read_only"] = read_only;
  out["host"] = nullptr;
  out["module"] = nullptr;
  out["path"] = nullptr;
  out["volume"] = nullptr;
  out["size"] = nullptr;
  return out;
}

// The named volume (compose) / claim (k8s) holding a module's state.
std::string state_volume_name(const spec::Module& m) { return m.name.value + "-state"; }

}  // namespace

Json state_json(const spec::Module& m) {
  if (!m.state) return nullptr;
  Json out;
  out["target"] = m.state->target.value;
  out["size"] = value_or(m.state->size, kDefaultSize);
  out["volume"] = state_volume_name(m);
  return out;
}

Json mounts_json(const Scope& /*scope*/, const spec::Module& m) {
  const std::string& self = m.name.value;
  std::set<std::string> used;
  Json out = Json::array();
  for (const auto& mt : m.mounts) {
    std::string type = type_name(mt.kind);
    bool ro = mt.read_only ? mt.read_only->value : false;
    std::string label;
    Json host = nullptr, module = nullptr, path = nullptr, volume = nullptr;
    switch (mt.kind) {
      case spec::Mount::Kind::Tmpfs:
        ro = false;  // a read-only tmpfs is useless
        label = mt.target.value;
        break;
      case spec::Mount::Kind::Own:
        if (mt.source.value == "conf") ro = true;  // conf/ is always read-only (seed 000)
        label = mt.source.value;
        host = output_path_json(self + "/" + mt.source.value, self);
        module = self;
        path = mt.source.value;
        break;
      case spec::Mount::Kind::Volume:
        label = mt.source.value;
        volume = mt.source.value;
        break;
      case spec::Mount::Kind::From: {
        ro = true;  // another module's directory is never writable
        std::string dir = mt.path ? mt.path->value : std::string();
        label = mt.source.value + "-" + dir;
        host = output_path_json(mt.source.value + "/" + dir, self);
        module = mt.source.value;
        path = dir;
        break;
      }
      case spec::Mount::Kind::Config:
        ro = true;  // configuration files are inputs, not state
        label = mt.source.value;
        host = spec_path_json(mt.source.value);
        break;
      case spec::Mount::Kind::Bind:
        label = mt.source.value;
        host = spec_path_json(mt.source.value);
        break;
    }
    std::string wanted = dns_label(type + "-" + label);
    Json e = mount_entry(unique_name(wanted, used), type, mt.target.value, ro);
    e["host"] = host;
    e["module"] = module;
    e["path"] = path;
    e["volume"] = volume;
    if (mt.kind == spec::Mount::Kind::Tmpfs) e["size"] = opt(mt.size);
    out.push_back(std::move(e));
  }
  if (m.state) {
    Json e = mount_entry(unique_name("state", used), "state", m.state->target.value, false);
    e["volume"] = state_volume_name(m);
    e["size"] = value_or(m.state->size, kDefaultSize);
    out.push_back(std::move(e));
  }
  return out;
}

}  // namespace gen::resolve::detail

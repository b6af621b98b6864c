#include "verify/host_access.h"

#include <algorithm>
#include <cctype>

#include "values/capability.h"
#include "values/host_paths.h"
#include "util/text.h"

namespace gen::verify {

bool is_host_mode(const std::string& value) { return ascii_lower(value) == "host"; }

std::string unconfined_option(const std::string& option) {
  std::string o = ascii_lower(option);
  // Docker spells key:value and key=value; Podman key=value.
  for (char& c : o)
    if (c == ':') {
      c = '=';
      break;
    }
  if (o == "seccomp=unconfined") return "seccomp unconfined";
  if (o == "apparmor=unconfined") return "AppArmor unconfined";
  if (o == "label=disable" || o == "label=disabled") return "SELinux labels disabled";
  if (o == "systempaths=unconfined") return "/proc and /sys unmasked";
  if (o.rfind("unmask=", 0) == 0) return "paths of /proc and /sys unmasked";
  return "";
}

std::string host_bind_danger(const std::string& source) {
  if (values::is_host_root(source)) return "the host's root directory";
  if (const char* socket = values::exposed_engine_socket(source))
    return std::string("the container engine socket ") + socket;
  return "";
}

bool spec_binds(const model::Module* module, const std::string& source) {
  if (!module || source.empty() || source[0] != '/') return false;
  const bool root_waived = module->waives("host-binds");
  const bool socket_waived = module->waives("no-engine-socket");
  const std::string want = values::normalise_path(source);
  for (const model::Mount& m : module->mounts) {
    if (m.kind != model::MountKind::Bind && m.kind != model::MountKind::Config &&
        m.kind != model::MountKind::ConfigDir)
      continue;
    if (!m.host || m.host->path != want) continue;
    if (values::exposed_engine_socket(want) ? socket_waived : root_waived) return true;
  }
  return false;
}

std::vector<std::string> granted_capabilities(const model::Module* module) {
  if (!module || !module->waives("no-added-capabilities")) return {};
  return module->cap_add;
}

std::vector<values::Device> granted_devices(const model::Module* module) {
  std::vector<values::Device> out;
  if (!module || !module->waives("no-host-devices")) return out;
  for (const auto& d : module->devices) out.push_back(d.device);
  return out;
}

bool granted_writable_root(const model::Module* module) {
  return module && module->waives("read-only-rootfs") && !module->read_only_root;
}

std::vector<size_t> ungranted_capabilities(const model::Module* module,
                                           const std::vector<std::string>& added,
                                           std::vector<std::string>& missing) {
  const std::vector<std::string> granted = granted_capabilities(module);
  missing = granted;
  std::vector<size_t> ungranted;
  for (size_t i = 0; i < added.size(); ++i) {
    std::string name = values::capability_name(added[i]);
    if (name.empty() || std::find(granted.begin(), granted.end(), name) == granted.end())
      ungranted.push_back(i);
    missing.erase(std::remove(missing.begin(), missing.end(), name), missing.end());
  }
  return ungranted;
}

std::vector<size_t> ungranted_devices(const model::Module* module,
                                      const std::vector<std::string>& texts,
                                      std::vector<values::Device>& missing) {
  missing = granted_devices(module);
  std::vector<bool> found(missing.size(), false);
  std::vector<size_t> ungranted;
  for (size_t i = 0; i < texts.size(); ++i) {
    auto device = values::Device::parse(texts[i]);
    auto it = device ? std::find(missing.begin(), missing.end(), *device) : missing.end();
    if (it == missing.end())
      ungranted.push_back(i);
    else
      found[static_cast<size_t>(it - missing.begin())] = true;
  }
  std::vector<values::Device> left;
  for (size_t i = 0; i < missing.size(); ++i)
    if (!found[i]) left.push_back(missing[i]);
  missing = std::move(left);
  return ungranted;
}

std::string bind_source(const std::string& volume_spec) {
  size_t colon = volume_spec.find(':');
  if (colon == std::string::npos) return "";
  std::string source = volume_spec.substr(0, colon);
  // A named volume is a name; a host path starts with / (or . / ~, which
  // stay in the tree or are refused by the spec's rules).
  if (source.empty() || source[0] != '/') return "";
  return source;
}

std::string mount_bind_source(const std::string& mount_spec) {
  bool bind = false;
  std::string source;
  size_t start = 0;
  while (start <= mount_spec.size()) {
    size_t end = mount_spec.find(',', start);
    if (end == std::string::npos) end = mount_spec.size();
    std::string part = mount_spec.substr(start, end - start);
    std::string key = ascii_lower(part.substr(0, part.find('=')));
    std::string value = part.find('=') == std::string::npos ? "" : part.substr(part.find('=') + 1);
    if (key == "type" && ascii_lower(value) == "bind") bind = true;
    if (key == "source" || key == "src") source = value;
    start = end + 1;
  }
  return bind ? source : "";
}

}  // namespace gen::verify

// What a rendered artifact must not hand a container unless the spec asks
// for it (issue 22, case 14): the host's namespaces, its devices, its root
// directory or a container engine's socket, an unconfined seccomp or
// AppArmor profile or disabled SELinux labels. Shared by the compose and
// systemd verifiers, which read the same facts from different syntaxes;
// the Kubernetes verifier checks the Pod Security fields.
#pragma once

#include <string>
#include <vector>

#include "model/project.h"
#include "values/device.h"

namespace gen::verify {

// True for a namespace option asking for the host's: "host" in any case
// (compose pid/ipc/uts/cgroup/userns_mode, --pid=host, UserNS=host).
bool is_host_mode(const std::string& value);

// Why a security option lifts confinement ("seccomp=unconfined",
// "apparmor:unconfined", "label=disable", "label:disable", "unmask=ALL"),
// or "" when it does not.
std::string unconfined_option(const std::string& option);

// What binding `source` gives the container ("the host's root directory",
// "the container engine socket /run/docker.sock"), or "" for a path that
// is neither (other host paths are the read-only-conf and host-binds
// concern of the spec).
std::string host_bind_danger(const std::string& source);

// True when the spec itself asks `module` to bind exactly `source` (a bind
// or config mount whose rule, host-binds or no-engine-socket, it waives):
// then the artifact may carry it.
bool spec_binds(const model::Module* module, const std::string& source);

// Added privileges the spec asks `module` for under their waivers
// (no-added-capabilities, no-host-devices, read-only-rootfs): exactly these
// may, and must, appear in its artifacts on every target; none for a null
// module or without the waiver.
std::vector<std::string> granted_capabilities(const model::Module* module);
std::vector<values::Device> granted_devices(const model::Module* module);
bool granted_writable_root(const model::Module* module);

// Compares the capabilities an artifact adds (as written: any case, CAP_
// or not) with granted_capabilities: the indices of `added` not granted,
// and in `missing` the granted ones it does not add.
std::vector<size_t> ungranted_capabilities(const model::Module* module,
                                           const std::vector<std::string>& added,
                                           std::vector<std::string>& missing);

// The same for devices (each text read as values::Device): the indices of
// `texts` the spec does not grant, and in `missing` the granted devices no
// text names.
std::vector<size_t> ungranted_devices(const model::Module* module,
                                      const std::vector<std::string>& texts,
                                      std::vector<values::Device>& missing);

// The source of a bind written as `source:target[:options]` (compose short
// syntax, Quadlet Volume=, -v), or "" for a named volume or a bare target.
std::string bind_source(const std::string& volume_spec);

// The source= (or src=) of a --mount / Mount= value with type=bind, or "".
std::string mount_bind_source(const std::string& mount_spec);

}  // namespace gen::verify

#include "values/host_paths.h"

namespace gen::values {

namespace {

// Where container engines listen; "*" matches one path segment (the uid of a
// rootless engine under /run/user).
const char* const kEngineSockets[] = {
    "/var/run/docker.sock",
    "/run/docker.sock",
    "/run/user/*/docker.sock",
    "/run/podman/podman.sock",
    "/var/run/podman/podman.sock",
    "/run/user/*/podman/podman.sock",
    "/run/containerd/containerd.sock",
    "/var/run/containerd/containerd.sock",
    "/run/k3s/containerd/containerd.sock",
    "/run/crio/crio.sock",
    "/var/run/crio/crio.sock",
    "/run/cri-dockerd.sock",
    "/var/run/cri-dockerd.sock",
    "/run/buildkit/buildkitd.sock",
};

}  // namespace


std::vector<std::string> path_segments(const std::string& absolute) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < absolute.size()) {
    size_t slash = absolute.find('/', i);
    if (slash == std::string::npos) slash = absolute.size();
    std::string seg = absolute.substr(i, slash - i);
    if (seg == "..") {
      if (!out.empty()) out.pop_back();
    } else if (!seg.empty() && seg != ".") {
      out.push_back(std::move(seg));
    }
    i = slash + 1;
  }
  return out;
}

std::string normalise_path(const std::string& absolute) {
  std::string out;
  for (const auto& seg : path_segments(absolute)) out += "/" + seg;
  return out.empty() ? "/" : out;
}

const char* exposed_engine_socket(const std::string& host_path) {
  if (host_path.empty() || host_path[0] != '/') return nullptr;
  const auto path = path_segments(host_path);
  for (const char* socket : kEngineSockets) {
    const auto pattern = path_segments(socket);
    if (path.size() > pattern.size()) continue;
    bool prefix = true;
    for (size_t i = 0; i < path.size() && prefix; ++i)
      prefix = pattern[i] == "*" || pattern[i] == path[i];
    if (prefix) return socket;
  }
  return nullptr;
}

bool is_host_root(const std::string& host_path) {
  return !host_path.empty() && host_path[0] == '/' && path_segments(host_path).empty();
}

}  // namespace gen::values

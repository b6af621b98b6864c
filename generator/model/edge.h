// The edge proxy gen writes for a project's routes on compose and systemd
// (issue 21): Caddy, its Caddyfile generated from the routes (the `edge`
// target). One place for its name, image and ports, read by resolve (which
// derives the module), render and verify.
#pragma once

#include <cstdint>

namespace gen::model {

inline constexpr const char* kEdgeModule = "edge-proxy";
// Pinned: a tag of one Caddy release (rule pinned-prod-images' spirit; a
// digest is the operator's, in a profile registry mirror).
inline constexpr const char* kEdgeImage = "docker.io/library/caddy:2.8.4-alpine";
// Caddy listens on unprivileged ports inside (no NET_BIND_SERVICE); the host
// publishes them as 80 and 443.
inline constexpr int64_t kEdgeHttpPort = 8080, kEdgeHttpsPort = 8443;
inline constexpr int64_t kEdgeHostHttp = 80, kEdgeHostHttps = 443;
inline constexpr const char* kEdgeConfigDir = "conf";     // own directory: /etc/caddy
inline constexpr const char* kEdgeCaddyfile = "edge-proxy/conf/Caddyfile";  // output path

}  // namespace gen::model

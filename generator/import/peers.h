// Which other services a compose service talks to, read from its variables
// as applications are configured: `MYSQL_HOST=db`, `redis://broker:6379/0`,
// `GITEA__database__HOST=db:3306`. Compose needs no declaration for that
// traffic (every service on a network reaches every other), Kubernetes does:
// NetworkPolicies admit only the connections the spec names (depends_on,
// talks_to) on the ports the peer declares. gen import uses these to add
// `talks_to` and the peer's container port, so the imported application
// still reaches its database in a cluster.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gen::import {

struct PeerReference {
  std::string peer;         // the value `names` maps the host to
  std::optional<int> port;  // when the value gives one
  std::string text;         // the token it was read from, for the report
};

// The key `names` holds a host under: DNS names are case-blind.
std::string peer_key(std::string_view host);

// The peers `value` names, in order, each once: a URL or `host:port`
// anywhere in it (split at spaces, `,` and `;`) whose host is a key of
// `names` (lower case), or the whole value being such a host.
std::vector<PeerReference> peer_references(std::string_view value,
                                           const std::map<std::string, std::string>& names);

// The port the server in a well-known image listens on by default
// (`postgres:16` -> 5432, `docker.io/library/redis:7-alpine` -> 6379), or
// nullopt. Only images whose repository name says the server: the table is
// in docs/import.md.
std::optional<int> well_known_port(std::string_view image);

}  // namespace gen::import

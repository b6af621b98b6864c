#include "import/peers.h"

#include <algorithm>
#include <cctype>

namespace gen::import {

std::string peer_key(std::string_view host) {
  std::string out(host);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

namespace {

std::optional<int> port_number(std::string_view digits) {
  if (digits.empty() || digits.size() > 5) return std::nullopt;
  int port = 0;
  for (char c : digits) {
    if (c < '0' || c > '9') return std::nullopt;
    port = port * 10 + (c - '0');
  }
  if (port < 1 || port > 65535) return std::nullopt;
  return port;
}

// `token` as [scheme://][user[:password]@]host[:port][/path...]: the host
// and port, when the host is one of `names`.
std::optional<PeerReference> reference_in(std::string_view token,
                                          const std::map<std::string, std::string>& names,
                                          bool whole_value) {
  std::string_view rest = token;
  bool url = false;
  if (size_t scheme = rest.find("://"); scheme != std::string_view::npos) {
    rest.remove_prefix(scheme + 3);
    url = true;
  }
  rest = rest.substr(0, rest.find_first_of("/?#"));
  if (size_t at = rest.rfind('@'); at != std::string_view::npos) rest.remove_prefix(at + 1);
  std::optional<int> port;
  std::string_view host = rest;
  if (size_t colon = rest.rfind(':'); colon != std::string_view::npos) {
    port = port_number(rest.substr(colon + 1));
    if (!port) return std::nullopt;
    host = rest.substr(0, colon);
  }
  // A bare word names a peer only as the whole value (`MYSQL_HOST=db`), not
  // inside prose; a URL or host:port anywhere.
  if (!url && !port && !whole_value) return std::nullopt;
  auto it = names.find(peer_key(host));
  if (it == names.end()) return std::nullopt;
  return PeerReference{it->second, port, std::string(token)};
}

}  // namespace

std::vector<PeerReference> peer_references(std::string_view value,
                                           const std::map<std::string, std::string>& names) {
  std::vector<PeerReference> out;
  auto add = [&](std::optional<PeerReference> r) {
    if (!r) return;
    for (const auto& o : out)
      if (o.peer == r->peer && o.port == r->port) return;
    out.push_back(std::move(*r));
  };
  size_t start = value.find_first_not_of(" \t");
  size_t end = value.find_last_not_of(" \t");
  if (start == std::string_view::npos) return out;
  std::string_view trimmed = value.substr(start, end - start + 1);
  if (trimmed.find_first_of(" \t,;") == std::string_view::npos) {
    add(reference_in(trimmed, names, true));
    return out;
  }
  size_t pos = 0;
  while (pos < trimmed.size()) {
    size_t stop = trimmed.find_first_of(" \t,;", pos);
    if (stop == std::string_view::npos) stop = trimmed.size();
    if (stop > pos) add(reference_in(trimmed.substr(pos, stop - pos), names, false));
    pos = stop + 1;
  }
  return out;
}

std::optional<int> well_known_port(std::string_view image) {
  // The repository's last path component, without tag or digest.
  std::string_view name = image.substr(0, image.find('@'));
  if (size_t slash = name.rfind('/'); slash != std::string_view::npos) name.remove_prefix(slash + 1);
  name = name.substr(0, name.find(':'));
  static const std::pair<const char*, int> kTable[] = {
      {"postgres", 5432},       {"postgis", 5432},   {"mysql", 3306},
      {"mariadb", 3306},        {"percona", 3306},   {"redis", 6379},
      {"valkey", 6379},         {"keydb", 6379},     {"mongo", 27017},
      {"memcached", 11211},     {"rabbitmq", 5672},  {"elasticsearch", 9200},
      {"opensearch", 9200},     {"nats", 4222},      {"minio", 9000},
      {"influxdb", 8086},       {"couchdb", 5984},   {"cassandra", 9042},
      {"zookeeper", 2181},      {"etcd", 2379},
  };
  std::string repo = peer_key(name);
  for (const auto& [known, port] : kTable)
    if (repo == known) return port;
  return std::nullopt;
}

}  // namespace gen::import

// Test helper: a spec with an egress allow-list (issue 21) in a SpecDir,
// with the systemd target given: `db` (no egress, no published port),
// `fetcher` (three egress entries, depends on db) and `web` (a published
// port, talks to db).
#pragma once

#include <string>

#include "spec_dir.h"

namespace gen::test {

inline std::string egress_spec_body(const std::string& systemd) {
  return R"(modules:
  db:
    image: postgres:16-alpine
    user: {uid: 70, gid: 70}
    ports:
      - {container: 5432}
    env:
      POSTGRES_PASSWORD: {secret: {name: outbound-db, key: password}, description: Password}
    health:
      check: {command: [pg_isready, -h, 127.0.0.1]}
    mounts:
      - {tmpfs: /tmp}
      - {tmpfs: /var/run/postgresql}
  fetcher:
    image: ghcr.io/example/fetcher:1.0.0
    health: {check: {command: ["true"]}}
    depends_on: {db: healthy}
    egress:
      - {cidr: 0.0.0.0/0, ports: [443]}
      - {cidr: "2001:DB8:0::/32"}
      - {cidr: 192.0.2.53/32, ports: [53], protocol: udp}
  web:
    image: ghcr.io/example/web:1.0.0
    ports:
      - {container: 8080, host: 8080}
    health: {check: {http: /healthz}}
    talks_to: [db]
targets:
  systemd: )" + systemd + "\n";
}

struct EgressSpec : SpecDir {
  explicit EgressSpec(const std::string& systemd = "{flavor: quadlet}")
      : SpecDir("egress", "outbound", egress_spec_body(systemd)) {}
};

}  // namespace gen::test

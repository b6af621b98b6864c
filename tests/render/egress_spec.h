// Test helper: a spec with an egress allow-list (issue 21), written to a
// fresh directory with the systemd target given: `db` (no egress, no
// published port), `fetcher` (three egress entries, depends on db) and `web`
// (a published port, talks to db).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

namespace gen::test {

inline const char* const kEgressSpec = R"(version: 1
project: outbound
defaults:
  user: {uid: 1000, gid: 1000}
  restart: unless-stopped
modules:
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
    depends_on: {db: healthy}
    egress:
      - {cidr: 0.0.0.0/0, ports: [443]}
      - {cidr: "2001:DB8:0::/32"}
      - {cidr: 192.0.2.53/32, ports: [53], protocol: udp}
  web:
    image: ghcr.io/example/web:1.0.0
    ports:
      - {container: 8080, host: 8080}
    talks_to: [db]
targets:
  systemd: SYSTEMD
)";

struct EgressSpec {
  std::filesystem::path dir;
  explicit EgressSpec(const std::string& systemd = "{flavor: quadlet}") {
    static int n = 0;
    dir = std::filesystem::temp_directory_path() /
          ("gen-egress-" + std::to_string(getpid()) + "-" + std::to_string(++n));
    std::filesystem::remove_all(dir);
    std::filesystem::create_directories(dir);
    std::string text = kEgressSpec;
    text.replace(text.find("SYSTEMD"), 7, systemd);
    std::ofstream(dir / "outbound.yaml") << text;
  }
  ~EgressSpec() {
    std::error_code ec;
    std::filesystem::remove_all(dir, ec);
  }
  std::string spec() const { return (dir / "outbound.yaml").string(); }
};

}  // namespace gen::test

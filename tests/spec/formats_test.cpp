// Each format is checked by hand-written code and exported as a regex for the
// JSON Schema: both must accept exactly the same strings.
#include "spec/formats.h"

#include <catch2/catch.hpp>
#include <regex>

using namespace gen::spec::schema;

namespace {

const std::vector<std::string> kSamples = {
    "",
    "nofile",
    "nofiles",
    "xnproc",
    "sigpending",
    "example.com/team",
    "app.kubernetes.io/name",
    "traefik.http.routers.web.rule",
    "/x",
    "/dev/fuse",
    "/dev/snd:/dev/snd:rw",
    "/dev/sda:rwm",
    "/dev/sda:rr",
    "/dev/sda:/dev/xvda",
    "/dev/sda:/dev/xvda:",
    "/dev/sda:",
    "/dev",
    "/dev/",
    "/devx/y",
    "/dev/../etc/shadow",
    "/dev/./sda",
    "/dev/.../x",
    "/dev/bus/usb/001",
    "/dev/x:/y:rwmx",
    "/dev/x:/y:z:rw",
    "a/",
    "a//b",
    "Example.com/x",
    "Team_1",
    "_team",
    "v1.2_rc-3",
    "a",
    "A",
    "0",
    "-",
    "_",
    ".",
    "..",
    "a-b",
    "-ab",
    "ab-",
    "a.b",
    "a_b",
    "abc123",
    std::string(63, 'a'),
    std::string(64, 'a'),
    std::string(15, 'p'),
    std::string(16, 'p'),
    std::string(32, 'u'),
    std::string(33, 'u'),
    std::string(129, 't'),
    std::string(128, 't'),
    "Backend",
    "back end",
    "back/end",
    "postgres",
    "web-1",
    "1web",
    "x.y.z",
    "a..b",
    "DATABASE_URL",
    "_X",
    "9X",
    "X-Y",
    "appuser",
    "_svc",
    "user$",
    "loopback-ports",
    "Loopback",
    "rule_1",
    "data",
    ".sessions",
    "sessions",
    "a/b",
    "conf.d",
    "UTC",
    "Europe/Berlin",
    "America/Argentina/Buenos_Aires",
    "Etc/GMT+5",
    "Europe//Berlin",
    "Europe/",
    "/UTC",
    "Europe/Berlin x",
    "app.example.com",
    "todo.local",
    "1.2.3.4.example.com",
    "a.b1",
    "-a.example.com",
    "a.-example.com",
    "App.example.com",
    "*.example.com",
    "a.example.com.",
    "/api",
    "/api/v1",
    "/api/",
    "/a%20b",
    "/a~b/c.d",
    "/{x}",
    std::string(65, 'Z'),
    std::string(64, 'Z'),
    "30s",
    "1m30s",
    "500ms",
    "1h",
    "2h30m",
    "30",
    "s",
    "30x",
    "1.5s",
    "9999999999s",
    "999999999h",
    "250m",
    "0.5",
    "1",
    "256Mi",
    "1Gi",
    "1.5Gi",
    "1Gb",
    ".5",
    "1.",
    "-1",
    "1e3",
    "postgres:15-alpine",
    "ghcr.io/yourorg/app:${TAG}",
    "${IMAGE}",
    ":latest",
    "a b",
    "latest",
    "git-${GIT_SHA}",
    "${A}${B}",
    "${",
    "${1X}",
    "$X",
    "v1.2.3",
    "${PROJECT_INTERNAL_NETWORK}",
    "127.0.0.1",
    "0.0.0.0",
    "255.255.255.255",
    "256.0.0.1",
    "01.2.3.4",
    "1.2.3",
    "::1",
    "fe80::1",
    "::ffff:127.0.0.1",
    "localhost",
    "1.2.3.4:80",
    "/healthz",
    "/api/v1/health",
    "healthz",
    "/a b",
    "/",
    "/x\ty",
    "SIGTERM",
    "SIGRTMIN+3",
    "SIG",
    "sigterm",
    "TERM",
    "one line",
    "two\nlines",
    "tab\there",
    "ctl\x01",
    "del\x7f",
    "unicod\xC3\xA9",
    "/app",
    "app",
    "/app/logs",
    "stdout",
    "stderr",
    "secret",
    "tls.crt",
    "discovery.type",
    "db_data",
    "Back_Tier",
    "_data",
    "data_",
    ".hidden",
    "9lives.x",
    "a:b",
    "{module}/.env.prod",
    "-x/.env",
    "/app/$x",
    "/app/%h",
    "/app/{}",
    "/tmp ",
    "/tmp\\",
    "/app;touch${IFS}/tmp/x;:",
    "line\nbreak\tand tab",
    "esc\x1b[31m",
    "linux/arm64",
    "linux/arm/v7",
    "linux/arm/7",
    "linux/amd64/v123",
    "windows/amd64",
    "linux/x86_64",
    "linux/arm64/",
    std::string("nul\0inside", 11),
};

}  // namespace

TEST_CASE("every format's code and regex agree", "[formats]") {
  size_t count = 0;
  const Format* const* all = all_formats(count);
  REQUIRE(count == 32);
  for (size_t i = 0; i < count; ++i) {
    const Format& f = *all[i];
    std::regex re(f.pattern, std::regex::ECMAScript);
    for (const auto& s : kSamples) {
      bool by_code = f.matches(s) && (f.max_length == 0 || s.size() <= f.max_length);
      bool by_regex = std::regex_search(s, re) && (f.max_length == 0 || s.size() <= f.max_length);
      INFO("format " << f.name << " on '" << s << "'");
      CHECK(by_code == by_regex);
    }
  }
}

TEST_CASE("formats accept what the spec needs", "[formats]") {
  CHECK(formats::ulimit_name.matches("nofile"));
  CHECK(formats::ulimit_name.matches("memlock"));
  CHECK_FALSE(formats::ulimit_name.matches("files"));
  CHECK_FALSE(formats::ulimit_name.matches("NOFILE"));
  CHECK(formats::device.matches("/dev/fuse"));
  CHECK(formats::device.matches("/dev/snd:/dev/audio:rw"));
  CHECK(formats::device.matches("/dev/sda:rwm"));
  CHECK_FALSE(formats::device.matches("/dev/sda:rr"));
  CHECK_FALSE(formats::device.matches("/dev/../etc/shadow"));
  CHECK_FALSE(formats::device.matches("/etc/passwd"));
  CHECK(formats::platform.matches("linux/amd64"));
  CHECK(formats::platform.matches("linux/arm/v7"));
  CHECK(formats::platform.matches("linux/riscv64"));
  CHECK_FALSE(formats::platform.matches("arm64"));
  CHECK_FALSE(formats::platform.matches("linux/x86_64"));
  CHECK_FALSE(formats::platform.matches("windows/amd64"));
  CHECK_FALSE(formats::platform.matches("linux/arm/7"));
  CHECK_FALSE(formats::platform.matches("linux/arm64/"));
  CHECK(formats::dns_label.matches("whatsapp-adapter-api"));
  CHECK_FALSE(formats::dns_label.matches("Backend"));
  CHECK_FALSE(formats::dns_label.matches("../etc"));
  // Volume and network keys as compose users write them.
  CHECK(formats::volume_key.matches("db_data"));
  CHECK(formats::volume_key.matches("Back_Tier"));
  CHECK(formats::volume_key.matches("certs"));
  CHECK_FALSE(formats::volume_key.matches("_data"));
  CHECK_FALSE(formats::volume_key.matches("db.data"));
  CHECK_FALSE(formats::volume_key.matches(std::string(64, 'a')));
  CHECK(formats::duration.matches("1m30s"));
  CHECK_FALSE(formats::duration.matches("30"));
  CHECK(formats::quantity.matches("250m"));
  CHECK(formats::name_with_vars.matches("${PROJECT_INTERNAL_NETWORK}"));
  CHECK(formats::ip_address.matches("127.0.0.1"));
  CHECK_FALSE(formats::ip_address.matches("localhost"));
  // Paths every output holds as is; free text with line breaks, never NUL or ESC.
  CHECK(formats::abs_path.matches("/app/.venv"));
  CHECK_FALSE(formats::abs_path.matches("/app;touch${IFS}/tmp/x;:"));
  CHECK_FALSE(formats::mount_path.matches("/a:/b"));
  CHECK_FALSE(formats::mount_path.matches("/tmp "));
  CHECK(formats::env_file.matches("{module}/.env.prod"));
  CHECK_FALSE(formats::env_file.matches("{module}/.env\\"));
  CHECK_FALSE(formats::env_file.matches("--x"));
  CHECK(formats::text.matches("two\nlines\twith a tab"));
  CHECK_FALSE(formats::text.matches("esc\x1b[31m"));
  CHECK_FALSE(formats::env_value.matches(std::string("a\0b", 3)));
}


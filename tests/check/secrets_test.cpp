#include <catch2/catch.hpp>

#include "check/secret_names.h"
#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;
using Kind = spec::EnvVar::Kind;

namespace {

spec::EnvVar env(const std::string& name, Kind kind, int line,
                 std::optional<std::string> value = std::nullopt) {
  spec::EnvVar e;
  e.name = str(name, line, 7);
  e.kind = kind;
  if (value) e.value = str(*value, line, 9 + static_cast<int>(name.size()));
  e.loc = at(line, 7);
  return e;
}

spec::LStrings args(std::vector<std::string> words, int line) {
  spec::LStrings out;
  int col = 15;
  for (auto& w : words) {
    out.value.push_back(str(w, line, col));
    col += static_cast<int>(w.size()) + 2;
  }
  out.loc = at(line, 14);
  return out;
}

}  // namespace

TEST_CASE("secret names: the seeds' patterns, case and dashes ignored") {
  using gen::check::looks_like_secret;
  for (const char* yes : {"JWT_SECRET", "OWNER_PASSWORD", "WATS_ACCESS_TOKEN", "S3_SECRET_ACCESS_KEY",
                          "JWT_SECRET_KEY", "BETTER_AUTH_SECRET", "db_passwd", "api-token", "API_KEY",
                          "GH_APIKEY", "TLS_PRIVATE_KEY_PEM", "KEY"})
    CHECK(looks_like_secret(yes));
  for (const char* no : {"DATABASE_URL", "LOG_LEVEL", "S3_ACCESS_KEY_ID", "KEYCLOAK_URL",
                         "JWT_SECRET_FILE", "TOKEN_PATH", "SECRETS_DIR", "MONKEY"})
    CHECK_FALSE(looks_like_secret(no));
}

TEST_CASE("secret URLs: a literal password in the user info") {
  using gen::check::has_url_password;
  CHECK(has_url_password("postgresql://todo_user:todo_password@postgres:5432/todo_db"));
  CHECK(has_url_password("x redis://:hunter2@cache/0"));
  CHECK_FALSE(has_url_password("postgresql://todo_user@postgres:5432/todo_db"));
  CHECK_FALSE(has_url_password("postgresql://u:${DB_PASSWORD}@db/x"));
  CHECK_FALSE(has_url_password("http://todo-backend:8000/health"));
  CHECK_FALSE(has_url_password("https://example.com/a@b"));
}

TEST_CASE("no-secret-values: values and defaults of secret-looking variables") {
  auto s = project();
  auto m = service("api", 10);
  m.env.push_back(env("JWT_SECRET", Kind::Value, 15, "dev-jwt-secret-min-32-characters-long"));
  m.env.push_back(env("OWNER_PASSWORD", Kind::Default, 16, "change-me"));
  m.env.push_back(env("DATABASE_URL", Kind::Value, 17,
                      "postgresql://todo_user:todo_password@postgres:5432/todo_db"));
  m.env.push_back(env("LOG_LEVEL", Kind::Value, 18, "INFO"));
  m.env.push_back(env("WATS_APP_SECRET", Kind::Secret, 19));
  s.modules.push_back(m);
  CHECK(full(s, "no-secret-values") ==
        Lines{"15:19 JWT_SECRET looks like a secret but its value is written in the spec\n"
              "  help: declare `JWT_SECRET: {secret: true}` and supply the value at run time (env "
              "file or Secret), never in the spec",
              "16:23 OWNER_PASSWORD looks like a secret but its default is written in the spec\n"
              "  help: declare `OWNER_PASSWORD: {secret: true}` and supply the value at run time "
              "(env file or Secret), never in the spec",
              "17:21 DATABASE_URL holds a password inside a URL written in the spec\n"
              "  help: declare `DATABASE_URL: {secret: true}` and supply the value at run time "
              "(env file or Secret), never in the spec"});
}

TEST_CASE("no-secret-values: build-time variables and build args are baked into images") {
  auto s = project();
  auto m = service("app", 10);
  m.env.push_back(env("NEXT_PUBLIC_API_URL", Kind::Build, 15, "http://todo-backend:8000"));
  m.env.push_back(env("BETTER_AUTH_SECRET", Kind::Build, 16));
  spec::Build b;
  b.stack = str("nextjs", 20, 14);
  b.args.emplace_back(str("NODE_ENV", 22, 9), str("production", 22, 19));
  b.args.emplace_back(str("NPM_TOKEN", 23, 9), str("abc", 23, 20));
  b.args.emplace_back(str("MIRROR", 24, 9), str("https://u:p@mirror.example/npm", 24, 17));
  m.build = b;
  s.modules.push_back(m);
  CHECK(findings(s) ==
        Lines{"16:7 error[no-secret-values]: BETTER_AUTH_SECRET looks like a secret but is a "
              "build-time variable, baked into the image",
              "23:9 error[no-secret-values]: build arg NPM_TOKEN looks like a secret; build args "
              "stay in the image's history",
              "24:17 error[no-secret-values]: build arg MIRROR holds a password inside a URL"});
}

TEST_CASE("no-secret-values: secrets passed as command-line arguments") {
  auto s = project();
  auto m = service("api", 10);
  m.command = args({"wats", "serve", "--token", "abc", "--api-key=xyz", "--config",
                    "/app/config/wats.config.yaml", "--token-file", "/run/secrets/t"},
                   14);
  m.entrypoint = args({"run", "postgresql://u:pw@db/x"}, 15);
  s.modules.push_back(m);
  CHECK(findings(s) ==
        Lines{"14:37 error[no-secret-values]: command passes a secret as an argument (--token)",
              "14:42 error[no-secret-values]: command passes a secret as an argument (--api-key)",
              "15:20 error[no-secret-values]: entrypoint passes a password inside a URL as an "
              "argument"});
}

TEST_CASE("no-secret-values: profile overlays are checked, waivers honoured") {
  auto s = project();
  s.modules.push_back(service("api", 10));
  auto app = service("app", 20);
  app.waivers.push_back(waiver("no-secret-values", "throwaway local credentials", 25));
  s.modules.push_back(app);
  spec::Profile local;
  local.name = str("local", 30, 3);
  local.loc = at(30, 3);
  spec::ProfileModule pa;
  pa.module = str("api", 32, 7);
  pa.env.push_back(env("JWT_SECRET", Kind::Value, 33, "dev"));
  spec::ProfileModule pb;
  pb.module = str("app", 34, 7);
  pb.env.push_back(env("JWT_SECRET", Kind::Value, 35, "dev"));
  local.modules = {pa, pb};
  s.profiles.push_back(local);
  CHECK(findings(s) == Lines{"33:19 error[no-secret-values]: JWT_SECRET looks like a secret but "
                             "its value is written in profile local"});
}

TEST_CASE("unmarked-secret: required or optional secret-looking variables warn") {
  auto s = project();
  auto m = service("api", 10);
  m.env.push_back(env("OWNER_PASSWORD", Kind::Required, 15));
  m.env.push_back(env("OWNER_USERNAME", Kind::Required, 16));
  m.env.push_back(env("SENTRY_TOKEN", Kind::Optional, 17));
  m.env.push_back(env("JWT_SECRET", Kind::Secret, 18));
  s.modules.push_back(m);
  CHECK(full(s, "unmarked-secret") ==
        Lines{"15:7 OWNER_PASSWORD looks like a secret but is declared required, not secret\n"
              "  help: declare `OWNER_PASSWORD: {secret: true}` so every target passes it by "
              "reference (Secret, env file), never through a ConfigMap",
              "17:7 SENTRY_TOKEN looks like a secret but is declared optional, not secret\n"
              "  help: declare `SENTRY_TOKEN: {secret: true}` so every target passes it by "
              "reference (Secret, env file), never through a ConfigMap"});
  CHECK(findings(s).front() == "15:7 warning[unmarked-secret]: OWNER_PASSWORD looks like a secret "
                               "but is declared required, not secret");
}

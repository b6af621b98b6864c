#include <catch2/catch.hpp>

#include "check/secret_detect.h"
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
  using gen::check::secret_in_text;
  auto has_url_password = [](const char* v) { return secret_in_text(v).has_value(); };
  CHECK(secret_in_text("postgresql://todo_user:todo_password@postgres:5432/todo_db") ==
        std::string("a password inside a URL"));
  CHECK(secret_in_text("x redis://:hunter2@cache/0") == std::string("a password inside a URL"));
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

// Issue 22, case 7: each spelling below passed `gen validate`; each is now a
// finding at the spec value that holds it.
TEST_CASE("no-secret-values: the spellings that slipped past, each at its value") {
  auto s = project();
  auto m = service("api", 10);
  m.env.push_back(env("DB_PASS", Kind::Value, 13, "hunter2"));
  m.env.push_back(env("DB_PWD", Kind::Value, 14, "hunter2"));
  m.env.push_back(env("API_KEYS", Kind::Value, 15, "k1,k2"));
  m.env.push_back(env("AWS_ACCESS_KEY_ID", Kind::Value, 16, "AKIAIOSFODNN7EXAMPLE"));
  m.env.push_back(env("STRIPE", Kind::Value, 17, "sk_live_4eC39HqLyjWDarjtT1zdp7dc"));
  m.env.push_back(env("AUTH", Kind::Value, 18, "Bearer abc123def456"));
  m.env.push_back(env("HOOK", Kind::Value, 19, "https://x.example/hook?password=hunter2"));
  m.env.push_back(env("GH", Kind::Default, 20, "ghp_16C7e42F292c6912E7710c838347Ae178B4a"));
  m.image = str("user:pass@ghcr.io/org/api:1.0", 21, 12);
  m.command = args({"sh", "-c", "PASSWORD=X exec api"}, 22);
  spec::Build b;
  b.stack = str("node", 23, 14);
  b.args.emplace_back(str("NPMRC", 24, 9), str("//registry.npmjs.org/:_authToken=abc", 24, 16));
  m.build = b;
  m.health->check = spec::Probe{};
  m.health->check->kind = spec::Probe::Kind::Command;
  m.health->check->command = args({"sh", "-c", "PGPASSWORD=pw pg_isready"}, 12).value;
  s.modules.push_back(m);
  auto h = service("web", 30);
  h.health->check = http_probe("/healthz?token=abc123", 32, 20);
  h.entrypoint = args({"curl", "-H", "Authorization: Bearer abc123def"}, 33);
  h.command = args({"mysql", "-pX"}, 34);
  s.modules.push_back(h);
  s.metadata.source = str("https://user:tok@github.com/org/repo", 3, 11);
  s.defaults.registry = str("bob:s3cret@ghcr.io", 5, 13);
  CHECK(findings(s) ==
        Lines{
            "3:11 error[no-secret-values]: metadata.source holds a password inside a URL",
            "5:13 error[no-secret-values]: defaults.registry holds credentials in a registry "
            "address",
            "12:23 error[no-secret-values]: health command passes a secret in `PGPASSWORD=` as an "
            "argument inside a shell script",
            "13:16 error[no-secret-values]: DB_PASS looks like a secret but its value is written "
            "in the spec",
            "14:15 error[no-secret-values]: DB_PWD looks like a secret but its value is written in "
            "the spec",
            "15:17 error[no-secret-values]: API_KEYS looks like a secret but its value is written "
            "in the spec",
            "16:26 error[no-secret-values]: AWS_ACCESS_KEY_ID holds an AWS access key id written "
            "in the spec",
            "17:15 error[no-secret-values]: STRIPE holds a Stripe secret key written in the spec",
            "18:13 error[no-secret-values]: AUTH holds an Authorization credential written in the "
            "spec",
            "19:13 error[no-secret-values]: HOOK holds a secret in `password=` written in the spec",
            "20:11 error[no-secret-values]: GH holds a GitHub token written in the spec",
            "21:12 error[no-secret-values]: image reference holds credentials in a registry address",
            "22:23 error[no-secret-values]: command passes a secret in `PASSWORD=` as an argument "
            "inside a shell script",
            "24:16 error[no-secret-values]: build arg NPMRC holds a secret in `_authToken=`",
            "32:26 error[no-secret-values]: health check URL holds a secret in `token=`",
            "33:25 error[no-secret-values]: entrypoint passes an Authorization credential as an "
            "argument",
            "34:22 error[no-secret-values]: command passes a password as an argument (mysql -p)",
        });
}

TEST_CASE("no-secret-values: the example of a secret would be printed in CONTRACT.md") {
  auto s = project();
  auto m = service("api", 10);
  auto secret = env("JWT_SECRET", Kind::Secret, 13);
  secret.example = str("dev-jwt-secret", 13, 40);
  auto named = env("OWNER_PASSWORD", Kind::Required, 14);
  named.example = str("change-me", 14, 40);
  auto ref = env("DB_PASSWORD", Kind::Secret, 15);
  ref.example = str("<32 random characters>", 15, 40);
  auto plain = env("WEBHOOK", Kind::Required, 16);
  plain.example = str("https://hooks.example/x?token=abc123", 16, 40);
  auto fine = env("API_BASE_URL", Kind::Optional, 17);
  fine.example = str("https://api.example.com", 17, 40);
  m.env = {secret, named, ref, plain, fine};
  s.modules.push_back(m);
  CHECK(full(s, "no-secret-values") ==
        Lines{"13:40 JWT_SECRET is a secret but has an example, written into CONTRACT.md\n"
              "  help: remove `example:` and say what the value looks like in `description:` "
              "(\"32 random bytes, base64\")",
              "14:40 OWNER_PASSWORD is a secret but has an example, written into CONTRACT.md\n"
              "  help: remove `example:` and say what the value looks like in `description:` "
              "(\"32 random bytes, base64\")",
              "16:40 the example of WEBHOOK holds a secret in `token=`, written into CONTRACT.md\n"
              "  help: write a placeholder such as <token> instead"});
}

TEST_CASE("no-secret-values: realistic non-secrets stay quiet") {
  auto s = project();
  auto m = service("api", 10);
  m.env.push_back(env("PASSWORD_FILE", Kind::Value, 13, "/run/secrets/x"));
  m.env.push_back(env("AUTH_MODE", Kind::Value, 14, "oauth"));
  m.env.push_back(env("DB_PASSWORD", Kind::Default, 15, "${DB_PASSWORD}"));
  m.env.push_back(env("KEY_PATH", Kind::Value, 16, "/etc/tls/key.pem"));
  m.env.push_back(env("DATABASE_URL", Kind::Value, 17, "postgresql://u:${DB_PASSWORD}@db/x"));
  m.env.push_back(env("TOKENIZERS_PARALLELISM", Kind::Value, 18, "false"));
  m.env.push_back(env("PWD", Kind::Value, 19, "/app"));
  m.command = args({"api", "--password-file", "/run/secrets/db", "--auth-mode", "oauth"}, 20);
  m.image = str("postgres:16@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
                21, 12);
  s.modules.push_back(m);
  CHECK(findings(s).empty());
}

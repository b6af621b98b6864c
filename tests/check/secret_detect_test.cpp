// The secret detector (check/secret_detect.h) on the spellings issue 22
// found slipping past no-secret-values, and on realistic values that are not
// secrets (each must stay quiet: every bundled spec still validates).
#include <catch2/catch.hpp>

#include "check/secret_detect.h"

using namespace gen::check;

TEST_CASE("secret names: abbreviations and compounds are secrets") {
  for (const char* yes :
       {"DB_PASS", "DB_PWD", "API_KEYS", "SMTP_PASSWORD", "PGPASSWORD", "MYSQL_ROOT_PASSWORD",
        "_authToken", "accessToken", "GITHUB_TOKEN", "REDIS_CREDS", "AWS_SECRET_ACCESS_KEY",
        "stripeApiKey", "db.password", "Authorization", "--db-pass", "TLS_PRIVATE_KEY_PEM"})
    CHECK(looks_like_secret(yes));
  for (const char* no :
       {"PASSWORD_FILE", "AUTH_MODE", "KEY_PATH", "TOKEN_URL", "SECRET_NAME", "PWD",
        "AWS_ACCESS_KEY_ID", "JWT_PUBLIC_KEY", "PASSWORD_MIN_LENGTH", "TOKENIZERS_PARALLELISM",
        "password-file", "password_encryption", "JWT_ALGORITHM", "KEYCLOAK_URL", "MONKEY",
        "BYPASS_CACHE", "COMPASS_URL", "MAX_TOKENS", "OPENAI_MAX_TOKENS", "TOKEN_LIMIT",
        "NUM_TOKENS"})
    CHECK_FALSE(looks_like_secret(no));
}

TEST_CASE("secret values: token formats, URLs, assignments and credentials") {
  const char* kAkia = "AKIAIOSFODNN7EXAMPLE";
  CHECK(secret_in_text(kAkia) == std::string("an AWS access key id"));
  CHECK(secret_in_text("sk_live_4eC39HqLyjWDarjtT1zdp7dc") == std::string("a Stripe secret key"));
  CHECK(secret_in_text("ghp_16C7e42F292c6912E7710c838347Ae178B4a") ==
        std::string("a GitHub token"));
  CHECK(secret_in_text("Bearer abc123def456") == std::string("an Authorization credential"));
  CHECK(secret_in_text("https://api.example.com/x?password=hunter2") ==
        std::string("a secret in `password=`"));
  CHECK(secret_in_text("//registry.npmjs.org/:_authToken=npmsecretvalue") ==
        std::string("a secret in `_authToken=`"));
  CHECK(secret_in_text("Authorization: abcdef") == std::string("a secret in `Authorization:`"));
  CHECK(secret_in_text("https://maps.example.com/api?key=abc123") ==
        std::string("a secret in `key=`"));
  CHECK(secret_in_text("redis://:hunter2@cache/0") == std::string("a password inside a URL"));
  CHECK(secret_in_text("https://user:ghp_x@github.com/org/repo") ==
        std::string("a password inside a URL"));
  CHECK(secret_in_text("eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N") ==
        std::string("a JSON Web Token"));
  CHECK(secret_in_text("-----BEGIN RSA PRIVATE KEY-----\nMIIE") == std::string("a private key"));
  CHECK(secret_in_image("user:pass@ghcr.io/org/app:1.0") ==
        std::string("credentials in a registry address"));
  CHECK(secret_in_image("bob:s3cret@ghcr.io") == std::string("credentials in a registry address"));
}

TEST_CASE("secret values: ordinary values stay quiet") {
  for (const char* no :
       {"PASSWORD_FILE=/run/secrets/x", "AUTH_MODE=oauth", "${DB_PASSWORD}", "$TOKEN",
        "postgresql://u:${DB_PASSWORD}@db/x", "http://todo-backend:8000/health", "KEY_PATH=/etc/k",
        "--password-file=/run/secrets/db", "Bearer ${TOKEN}", "Bearer authentication",
        "Basic auth", "https://todo.example.com", "HS256", "0.0.0.0", "true (for Kubernetes)",
        "redis:7.2-alpine", "TOKENIZERS_PARALLELISM=false", "a==b", "password=", "token=<your-token>",
        "PWD=/app", "task-akia", "sk-short"})
    CHECK_FALSE(secret_in_text(no));
  for (const char* no :
       {"postgres:16@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
        "ghcr.io:443/org/app:1.0", "nginx@sha256:0123456789abcdef0123456789abcdef",
        "ghcr.io/yourorg", "docker.io/library/redis:7"})
    CHECK_FALSE(secret_in_image(no));
}

TEST_CASE("references: what only points at a secret") {
  for (const char* yes : {"", "${DB_PASSWORD}", "$TOKEN", "<your-token>", "{{ token }}",
                          "/run/secrets/db-password", "  /run/secrets/db_password  "})
    CHECK(is_reference(yes));
  for (const char* no : {"hunter2", "/run/secrets/", "/run/secrets/x y", "/etc/run/secrets/x",
                         "run/secrets/x", "s3cr3t /run/secrets/x"})
    CHECK_FALSE(is_reference(no));
}

namespace {
std::vector<size_t> indexes(const std::vector<std::string>& argv) {
  std::vector<size_t> out;
  for (const auto& s : secrets_in_args(argv)) out.push_back(s.index);
  return out;
}
}  // namespace

TEST_CASE("secret arguments: flags, tools, headers and shell scripts") {
  using V = std::vector<size_t>;
  CHECK(indexes({"mysql", "-u", "root", "-phunter2"}) == V{3});
  CHECK(indexes({"/usr/bin/mysqladmin", "ping", "-pX"}) == V{2});
  CHECK(indexes({"app", "--db-pass", "X"}) == V{2});
  CHECK(indexes({"app", "--auth", "X"}) == V{2});
  CHECK(indexes({"app", "--password=X"}) == V{1});
  CHECK(indexes({"redis-cli", "-a", "hunter2", "ping"}) == V{2});
  CHECK(indexes({"curl", "-H", "Authorization: Bearer abc123def", "http://x/"}) == V{2});
  CHECK(indexes({"curl", "-H", "Authorization: abcdef", "http://x/"}) == V{2});
  CHECK(indexes({"env", "PGPASSWORD=secret", "pg_isready"}) == V{1});
  CHECK(indexes({"sh", "-c", "PASSWORD=X exec app"}) == V{2});
  CHECK(indexes({"sh", "-c", "mysql -pX -e 'select 1'"}) == V{2});
  CHECK(indexes({"/bin/bash", "-ec", "curl -H \"Authorization: Bearer $TOKEN\" x && app --token abc"}) ==
        V{2});
  CHECK(indexes({"app", "--token", "ghp_16C7e42F292c6912E7710c838347Ae178B4a"}) == V{2});
  CHECK(secrets_in_args({"mysql", "-pX"}).front().what ==
        "a password as an argument (mysql -p)");
  // Not secrets:
  CHECK(indexes({"mysql", "-p"}).empty());                    // prompts for it
  CHECK(indexes({"mysql", "-p$MYSQL_PASSWORD"}).empty());     // a reference
  CHECK(indexes({"psql", "-P", "pager=off"}).empty());        // another tool's -P
  CHECK(indexes({"app", "--password-file", "/run/secrets/db"}).empty());
  CHECK(indexes({"app", "--auth-mode", "oauth"}).empty());
  CHECK(indexes({"app", "--token", "--verbose"}).empty());
  CHECK(indexes({"sh", "-c", "exec app --token \"$TOKEN\""}).empty());
  CHECK(indexes({"pg_isready", "-U", "postgres"}).empty());
  CHECK(indexes({"curl", "-H", "Authorization: Bearer $TOKEN", "http://x/"}).empty());
  CHECK(indexes({"curl", "-H", "X-Api-Key: ${API_KEY}", "http://x/"}).empty());
  CHECK(indexes({"curl", "-fsS", "http://localhost:8000/healthz"}).empty());
}

TEST_CASE("secret config lines: assignments in the usual config syntaxes") {
  const std::string text =
      "# database\n"
      "password = hunter2\n"
      "password_encryption = scram-sha-256\n"
      "db:\n"
      "  password: \"s3cret\" # inline\n"
      "  password_file: /run/secrets/db\n"
      "  token: ${API_TOKEN}\n"
      "  accessToken:\n"
      "    env: WATS_ACCESS_TOKEN\n"
      "{\"api_key\": \"abc\", \"x\": 1}\n"
      "export SMTP_PASS=mail\n"
      "url = https://u:pw@host/x\n"
      "auth_mode: oauth\n"
      "key: \"value\" # any key\n";
  std::vector<int> lines;
  for (const auto& s : secrets_in_config_text(text)) lines.push_back(s.line);
  CHECK(lines == std::vector<int>{2, 5, 10, 11, 12});
}

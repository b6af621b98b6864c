// The one secret detector: every place that looks for secrets in a spec (env
// names and values, build args, commands, health probes, image references,
// metadata, examples) and in the config files it mounts asks this module, so
// what counts as a secret is decided once. It recognises secrets by name (the
// seeds' *PASSWORD*, *SECRET*, *TOKEN*, *_KEY and the common abbreviations
// PASS, PWD, CREDS, ...) and by value (known token formats, credentials in
// URLs, `NAME=value` pairs, Authorization credentials, private keys, secret
// flags in argument vectors, `sh -c` scripts). docs/rules/no-secret-values.md
// lists what it finds and what it deliberately leaves alone.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gen::check {

// True for names like JWT_SECRET, DB_PASS, DB_PWD, API_KEYS, accessToken,
// PGPASSWORD, api-token (case, '-', '.' and camelCase ignored). Names whose
// last word says where or what kind the secret is rather than holding it
// (PASSWORD_FILE, KEY_PATH, SECRETS_DIR, TOKEN_URL, AUTH_MODE, *_ID, ...) are
// not matched, nor are quantities (MAX_TOKENS, TOKEN_LIMIT) or PWD alone (the
// shell's working directory).
bool looks_like_secret(std::string_view name);

// True for a value that only points at a secret: empty, a ${VAR} / $VAR /
// $(cmd) reference, a <placeholder>, a {{ template }}, or the path of a
// secret file under /run/secrets/ (where every target mounts secrets).
bool is_reference(std::string_view value);

// True for the path of one file under /run/secrets/.
bool is_secret_file_path(std::string_view value);

// What secret a free-text value holds, or nullopt: "a password inside a URL",
// "a GitHub token", "a secret in `password=`", "an Authorization credential",
// "a private key".
std::optional<std::string> secret_in_text(std::string_view value);

// What secret an image reference or registry holds (`user:pass@ghcr.io/x`,
// besides what secret_in_text finds), or nullopt.
std::optional<std::string> secret_in_image(std::string_view ref);

// A secret in an argument vector: the index of the argument that holds it
// and what it is, worded to follow "command passes" ("a secret as an
// argument (--token)", "a password inside a URL as an argument").
struct ArgSecret {
  size_t index;
  std::string what;
};

// Every secret handed to a process in `argv`: flags (`--token X`,
// `--db-pass=X`, `--auth X`, mysql's `-pX`), header arguments
// (`Authorization: ...`), NAME=value words (`PGPASSWORD=x`), anything
// secret_in_text finds, and the same inside a shell script (`sh -c "..."`,
// reported at the script's index). One finding per argument.
std::vector<ArgSecret> secrets_in_args(const std::vector<std::string>& argv);

// A secret in a line of a config file (1-based line number).
struct LineSecret {
  int line;
  std::string what;
};

// Every line of a config file's text that assigns a literal to a
// secret-named key (`password = x`, `password: x`, `"token": "x"`,
// `export API_KEY=x`) or holds what secret_in_text finds.
std::vector<LineSecret> secrets_in_config_text(std::string_view text);

}  // namespace gen::check

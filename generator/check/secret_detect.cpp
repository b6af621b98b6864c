#include "check/secret_detect.h"

#include <cctype>
#include <cstring>
#include <set>

namespace gen::check {
namespace {

bool alnum(char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0; }
bool space(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }
char upper(char c) { return static_cast<char>(std::toupper(static_cast<unsigned char>(c))); }

std::string_view trim(std::string_view s) {
  while (!s.empty() && space(s.front())) s.remove_prefix(1);
  while (!s.empty() && space(s.back())) s.remove_suffix(1);
  return s;
}

bool starts_with(std::string_view s, std::string_view prefix) {
  return s.size() >= prefix.size() && s.compare(0, prefix.size(), prefix) == 0;
}

bool starts_with_nocase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (size_t i = 0; i < prefix.size(); ++i)
    if (upper(s[i]) != upper(prefix[i])) return false;
  return true;
}

// The words of a name, upper-cased: split at '_', '-', '.', any other
// non-alphanumeric character and camelCase humps ("_authToken" -> AUTH, TOKEN).
std::vector<std::string> name_words(std::string_view name) {
  std::vector<std::string> words;
  std::string word;
  auto flush = [&] {
    if (!word.empty()) words.push_back(std::move(word));
    word.clear();
  };
  for (size_t i = 0; i < name.size(); ++i) {
    char c = name[i];
    if (!alnum(c)) {
      flush();
      continue;
    }
    if (std::isupper(static_cast<unsigned char>(c)) && i > 0 &&
        std::islower(static_cast<unsigned char>(name[i - 1])))
      flush();
    word += upper(c);
  }
  flush();
  return words;
}

// Words that are a secret wherever they stand in a name.
const std::set<std::string>& secret_words() {
  static const std::set<std::string> words{
      "PASSWORD", "PASSWORDS",  "PASSWD",      "PASS",          "PWD",     "PASSPHRASE",
      "SECRET",   "SECRETS",    "TOKEN",       "TOKENS",        "CREDENTIAL", "CREDENTIALS",
      "CREDS",    "APIKEY",     "APIKEYS",     "AUTHORIZATION", "PRIVATEKEY", "AUTHTOKEN"};
  return words;
}

// Parts of one-word compounds (PGPASSWORD, MYSQLPASSWD, DBSECRET).
const char* const kSecretParts[] = {"PASSWORD", "PASSWD", "PASSPHRASE", "SECRET", "APIKEY",
                                    "CREDENTIAL"};

// A last word that says where the secret is or what kind it is, not the
// secret itself: PASSWORD_FILE, KEY_PATH, TOKEN_URL, AUTH_MODE, KEY_ID,
// PASSWORD_MIN_LENGTH, SECRET_NAME (the name of a Kubernetes Secret).
const std::set<std::string>& not_the_secret() {
  static const std::set<std::string> words{
      "FILE",     "FILES",    "PATH",    "PATHS",     "DIR",        "DIRS",      "DIRECTORY",
      "NAME",     "NAMES",    "MODE",    "URL",       "URI",        "ENDPOINT",  "HOST",
      "PORT",     "USER",     "USERNAME", "ID",       "IDS",        "TTL",       "EXPIRY",
      "EXPIRES",  "EXPIRATION", "LIFETIME", "TIMEOUT", "LENGTH",    "LEN",       "SIZE",
      "BITS",     "TYPE",     "KIND",    "ALGORITHM", "ALG",        "ENCRYPTION", "HEADER",
      "PARAM",    "FIELD",    "PREFIX",  "ENV",       "VAR",        "REF",       "LOCATION",
      "POLICY",   "REQUIRED", "ENABLED", "ENABLE",    "DISABLED",   "ISSUER",    "AUDIENCE",
      "PROVIDER", "FORMAT",   "VERSION", "THROUGH",   "ROTATION"};
  return words;
}

// Words that make the whole name a quantity about secrets, not one:
// MAX_TOKENS (an LLM's output budget), NUM_TOKENS, TOKEN_COUNT_MIN.
const std::set<std::string>& quantity_words() {
  static const std::set<std::string> words{"MAX", "MIN", "NUM", "LIMIT", "COUNT"};
  return words;
}

// --- values --------------------------------------------------------------

bool url_password(std::string_view v) {
  for (size_t scheme = v.find("://"); scheme != std::string_view::npos;
       scheme = v.find("://", scheme + 3)) {
    size_t start = scheme + 3;
    size_t end = v.find_first_of("/?# \t\n\"'", start);
    std::string_view authority = v.substr(start, end == std::string_view::npos ? end : end - start);
    size_t at = authority.rfind('@');
    if (at == std::string_view::npos) continue;
    std::string_view userinfo = authority.substr(0, at);
    size_t colon = userinfo.find(':');
    if (colon == std::string_view::npos) continue;
    if (!is_reference(userinfo.substr(colon + 1))) return true;
  }
  return false;
}

// A documented token format: a fixed prefix, then at least `min` characters
// of `chars` (a set of extra characters besides letters and digits).
struct TokenFormat {
  const char* prefix;
  const char* extra;
  size_t min;
  const char* what;
};

const TokenFormat kTokenFormats[] = {
    {"AKIA", "", 16, "an AWS access key id"},
    {"ASIA", "", 16, "an AWS access key id"},
    {"ghp_", "", 30, "a GitHub token"},
    {"gho_", "", 30, "a GitHub token"},
    {"ghu_", "", 30, "a GitHub token"},
    {"ghs_", "", 30, "a GitHub token"},
    {"ghr_", "", 30, "a GitHub token"},
    {"github_pat_", "_", 22, "a GitHub token"},
    {"glpat-", "_-", 20, "a GitLab token"},
    {"sk_live_", "", 16, "a Stripe secret key"},
    {"sk_test_", "", 16, "a Stripe secret key"},
    {"rk_live_", "", 16, "a Stripe secret key"},
    {"rk_test_", "", 16, "a Stripe secret key"},
    {"xoxb-", "-", 10, "a Slack token"},
    {"xoxp-", "-", 10, "a Slack token"},
    {"xoxa-", "-", 10, "a Slack token"},
    {"xoxs-", "-", 10, "a Slack token"},
    {"AIza", "_-", 35, "a Google API key"},
    {"npm_", "", 36, "an npm token"},
    {"hf_", "", 30, "a Hugging Face token"},
    {"SG.", "_.-", 40, "a SendGrid key"},
    {"sk-", "_-", 32, "an API secret key (sk-...)"},
};

size_t run_of(std::string_view s, size_t from, const char* extra) {
  size_t i = from;
  while (i < s.size() && (alnum(s[i]) || (s[i] && std::string_view(extra).find(s[i]) !=
                                                       std::string_view::npos)))
    ++i;
  return i - from;
}

// Three base64url parts joined by dots, the first a JSON object ("eyJ").
bool jwt_at(std::string_view s, size_t i) {
  if (s.compare(i, 3, "eyJ") != 0) return false;
  int parts = 0;
  size_t pos = i;
  while (parts < 3) {
    size_t n = run_of(s, pos, "_-");
    if (n < 10) return false;
    ++parts;
    pos += n;
    if (parts < 3) {
      if (pos >= s.size() || s[pos] != '.') return false;
      ++pos;
    }
  }
  return true;
}

std::optional<std::string> token_format(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && alnum(s[i - 1])) continue;  // tokens start at a word boundary
    for (const auto& f : kTokenFormats) {
      std::string_view prefix = f.prefix;
      if (s.compare(i, prefix.size(), prefix) != 0) continue;
      if (run_of(s, i + prefix.size(), f.extra) >= f.min) return std::string(f.what);
    }
    if (jwt_at(s, i)) return std::string("a JSON Web Token");
  }
  return std::nullopt;
}

bool credential_char(char c) {
  return alnum(c) || std::string_view("._~+/=-").find(c) != std::string_view::npos;
}

// `Bearer <token>` / `Basic <base64>` with a literal credential: one that has
// a digit or is long, so that prose ("Bearer authentication") is not taken.
bool auth_scheme(std::string_view s) {
  for (size_t i = 0; i < s.size(); ++i) {
    if (i > 0 && alnum(s[i - 1])) continue;
    size_t len = starts_with_nocase(s.substr(i), "bearer ") ? 7
                 : starts_with_nocase(s.substr(i), "basic ") ? 6 : 0;
    if (!len) continue;
    size_t j = i + len;
    while (j < s.size() && s[j] == ' ') ++j;
    size_t k = j;
    while (k < s.size() && credential_char(s[k])) ++k;
    std::string_view cred = s.substr(j, k - j);
    if (cred.empty() || is_reference(s.substr(j))) continue;
    bool digit = false;
    for (char c : cred) digit = digit || std::isdigit(static_cast<unsigned char>(c));
    if (digit || cred.size() >= 20) return true;
  }
  return false;
}

// `key:` alone in a config file or header is any key (a sort key, a cache
// key); as a variable or query parameter (KEY=..., ?key=...) it is a secret.
bool bare_key(std::string_view name) {
  const std::vector<std::string> words = name_words(name);
  return words.size() == 1 && words[0] == "KEY";
}

bool key_char(char c) { return alnum(c) || c == '_' || c == '.' || c == '-'; }

// The literal after `NAME=` or `NAME: ` up to the end of that value.
std::string_view value_after(std::string_view s, size_t from) {
  size_t end = s.find_first_of(" \t\r\n&;\"',)|", from);
  return s.substr(from, end == std::string_view::npos ? std::string_view::npos : end - from);
}

// `NAME=literal` (query parameters, flags, shell assignments, npm's
// `:_authToken=`) and `Name: literal` (headers) with a secret-looking NAME.
std::optional<std::string> named_assignment(std::string_view s) {
  for (size_t p = 0; p < s.size(); ++p) {
    bool equals = s[p] == '=';
    bool colon = s[p] == ':' && p + 1 < s.size() && s[p + 1] == ' ';
    if (!equals && !colon) continue;
    // The key before the separator, quoted too ("api_key": "x"); `k` ends
    // where the key starts, its opening quote included.
    size_t key_end = p;
    char quote = 0;
    if (colon && key_end > 0 && (s[key_end - 1] == '"' || s[key_end - 1] == '\''))
      quote = s[--key_end];
    size_t k = key_end;
    while (k > 0 && key_char(s[k - 1])) --k;
    std::string_view key = s.substr(k, key_end - k);
    if (quote) {
      if (k == 0 || s[k - 1] != quote) continue;
      --k;
    }
    while (!key.empty() && key.front() == '-') key.remove_prefix(1);
    if (key.empty()) continue;
    // A header or YAML/JSON key starts the text or follows a space, a quote,
    // '{' or ','.
    if (colon && k > 0 && std::string_view(" \t\"'{,").find(s[k - 1]) == std::string_view::npos)
      continue;
    if (equals && p + 1 < s.size() && s[p + 1] == '=') continue;  // ==
    size_t v = p + 1;
    while (colon && v < s.size() && s[v] == ' ') ++v;
    if (v < s.size() && (s[v] == '"' || s[v] == '\'')) ++v;
    std::string_view value = value_after(s, v);
    // `Authorization: Bearer $TOKEN`: the credential follows the scheme.
    for (const char* scheme : {"bearer", "basic", "token", "digest"}) {
      if (value.size() != std::strlen(scheme) || !starts_with_nocase(value, scheme)) continue;
      v += value.size();
      while (v < s.size() && s[v] == ' ') ++v;
      value = value_after(s, v);
    }
    if (value.empty() || is_reference(s.substr(v))) continue;
    if (colon && (value.front() == '{' || value.front() == '[')) continue;
    if (colon && bare_key(key)) continue;
    if (looks_like_secret(key)) return "a secret in `" + std::string(key) + (equals ? "=`" : ":`");
  }
  return std::nullopt;
}

// --- argument vectors ----------------------------------------------------

std::string basename(std::string_view path) {
  size_t slash = path.rfind('/');
  return std::string(slash == std::string_view::npos ? path : path.substr(slash + 1));
}

bool mysql_family(const std::string& program) {
  static const std::set<std::string> tools{"mysql",       "mysqldump",     "mysqladmin",
                                           "mysqlcheck",  "mysqlimport",   "mysqlshow",
                                           "mariadb",     "mariadb-dump",  "mariadb-admin",
                                           "mariadb-check"};
  return tools.count(program) > 0;
}

bool shell(const std::string& program) {
  static const std::set<std::string> shells{"sh", "bash", "dash", "ash", "zsh", "ksh"};
  return shells.count(program) > 0;
}

// `-c`, `-ec`, `-euc`, `-lc`: short options of a shell ending in c.
bool script_flag(std::string_view a) {
  if (a.size() < 2 || a[0] != '-' || a[1] == '-' || a.back() != 'c') return false;
  for (char c : a.substr(1))
    if (!std::isalpha(static_cast<unsigned char>(c))) return false;
  return true;
}

// The name of a flag: "--db-pass=x" -> "db-pass".
std::string_view flag_name(std::string_view a) {
  size_t start = a.find_first_not_of('-');
  if (start == std::string_view::npos) return {};
  size_t eq = a.find('=', start);
  return a.substr(start, eq == std::string_view::npos ? std::string_view::npos : eq - start);
}

bool secret_flag(std::string_view name) {
  std::vector<std::string> words = name_words(name);
  return looks_like_secret(name) || (words.size() == 1 && words[0] == "AUTH");
}

// A shell script as the commands it runs, each split into words: quotes
// removed, `$VAR` kept as written; `;`, `&`, `|` and newlines end a command.
std::vector<std::vector<std::string>> shell_commands(std::string_view script) {
  std::vector<std::vector<std::string>> commands(1);
  std::string word;
  bool in_word = false;
  auto end_word = [&] {
    if (in_word) commands.back().push_back(word);
    word.clear();
    in_word = false;
  };
  for (size_t i = 0; i < script.size(); ++i) {
    char c = script[i];
    if (c == '\'') {
      size_t close = script.find('\'', i + 1);
      if (close == std::string_view::npos) close = script.size();
      word.append(script.substr(i + 1, close - i - 1));
      in_word = true;
      i = close;
    } else if (c == '"') {
      for (++i; i < script.size() && script[i] != '"'; ++i) {
        if (script[i] == '\\' && i + 1 < script.size()) ++i;
        word += script[i];
      }
      in_word = true;
    } else if (c == '\\' && i + 1 < script.size()) {
      word += script[++i];
      in_word = true;
    } else if (space(c) && c != '\n') {
      end_word();
    } else if (c == ';' || c == '&' || c == '|' || c == '\n') {
      end_word();
      if (!commands.back().empty()) commands.emplace_back();
    } else {
      word += c;
      in_word = true;
    }
  }
  end_word();
  return commands;
}

}  // namespace

bool looks_like_secret(std::string_view name) {
  const std::vector<std::string> words = name_words(name);
  if (words.empty()) return false;
  if (words.size() == 1 && words[0] == "PWD") return false;  // the working directory
  const std::string& last = words.back();
  if (not_the_secret().count(last)) return false;
  for (const auto& w : words)
    if (quantity_words().count(w)) return false;
  for (size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    if (secret_words().count(w)) return true;
    for (const char* part : kSecretParts)
      if (w.find(part) != std::string::npos) return true;
    if (w == "PRIVATE" && i + 1 < words.size() && words[i + 1] == "KEY") return true;
  }
  const bool public_key = words.size() > 1 && words[words.size() - 2] == "PUBLIC";
  return (last == "KEY" || last == "KEYS") && !public_key;
}

bool is_secret_file_path(std::string_view value) {
  value = trim(value);
  return starts_with(value, "/run/secrets/") && value.size() > 13 &&
         value.find_first_of(" \t\n") == std::string_view::npos;
}

bool is_reference(std::string_view value) {
  value = trim(value);
  if (value.empty()) return true;
  if (value[0] == '$') return true;
  if (value[0] == '<' && value.find('>') != std::string_view::npos) return true;
  if (is_secret_file_path(value)) return true;
  return starts_with(value, "{{");
}

std::optional<std::string> secret_in_text(std::string_view value) {
  if (url_password(value)) return std::string("a password inside a URL");
  if (value.find("-----BEGIN") != std::string_view::npos &&
      value.find("PRIVATE KEY") != std::string_view::npos)
    return std::string("a private key");
  if (auto t = token_format(value)) return t;
  if (auth_scheme(value)) return std::string("an Authorization credential");
  return named_assignment(value);
}

std::optional<std::string> secret_in_image(std::string_view ref) {
  ref = trim(ref);
  size_t at = ref.find('@');
  if (at != std::string_view::npos) {
    std::string_view userinfo = ref.substr(0, at);
    // `name@sha256:...` is a digest; `user:pass@host/...` has no '/' before '@'.
    std::string_view after = ref.substr(at + 1);
    size_t algo = after.find(':');
    const bool digest = algo != std::string_view::npos && algo > 0 &&
                        run_of(after, algo + 1, "") >= 32 &&
                        after.find_first_of("/@") == std::string_view::npos;
    if (!digest && userinfo.find('/') == std::string_view::npos &&
        userinfo.find(':') != std::string_view::npos &&
        !is_reference(userinfo.substr(userinfo.find(':') + 1)))
      return std::string("credentials in a registry address");
  }
  return secret_in_text(ref);
}

std::vector<ArgSecret> secrets_in_args(const std::vector<std::string>& argv) {
  std::vector<ArgSecret> found;
  const std::string program = argv.empty() ? "" : basename(argv[0]);
  for (size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (shell(program) && script_flag(a) && i + 1 < argv.size()) {
      ++i;
      for (const auto& command : shell_commands(argv[i])) {
        auto inner = secrets_in_args(command);
        if (!inner.empty()) {
          found.push_back({i, inner.front().what + " inside a shell script"});
          break;
        }
      }
      continue;
    }
    if (a.size() >= 2 && a[0] == '-') {
      if (mysql_family(program) && a[1] == 'p' && a.size() > 2 && !is_reference(a.substr(2))) {
        found.push_back({i, "a password as an argument (" + program + " " + a.substr(0, 2) + ")"});
        continue;
      }
      const std::string_view flag = flag_name(a);
      const bool redis_auth = program == "redis-cli" && a == "-a";
      if (redis_auth || (!flag.empty() && secret_flag(flag))) {
        size_t eq = a.find('=');
        if (eq != std::string::npos) {
          if (!is_reference(a.substr(eq + 1))) {
            found.push_back({i, "a secret as an argument (" + a.substr(0, eq) + ")"});
            continue;
          }
        } else if (i + 1 < argv.size() && !argv[i + 1].empty() && argv[i + 1][0] != '-' &&
                   !is_reference(argv[i + 1])) {
          found.push_back({i + 1, "a secret as an argument (" + a + ")"});
          ++i;
          continue;
        }
      }
    }
    if (auto what = secret_in_text(a)) found.push_back({i, *what + " as an argument"});
  }
  return found;
}

std::vector<LineSecret> secrets_in_config_text(std::string_view text) {
  std::vector<LineSecret> found;
  int number = 0;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t nl = text.find('\n', pos);
    std::string_view line = text.substr(pos, nl == std::string_view::npos ? std::string_view::npos
                                                                          : nl - pos);
    pos = nl == std::string_view::npos ? text.size() + 1 : nl + 1;
    ++number;
    std::string_view t = trim(line);
    if (t.empty() || t[0] == '#' || t[0] == ';' || t[0] == '!' || starts_with(t, "//") ||
        starts_with(t, "--"))
      continue;
    if (auto what = secret_in_text(t)) {
      found.push_back({number, *what});
      continue;
    }
    if (starts_with(t, "export ")) t = trim(t.substr(7));
    if (starts_with(t, "- ")) t = trim(t.substr(2));
    size_t sep = t.find_first_of("=:");
    if (sep == std::string_view::npos) continue;
    std::string_view key = trim(t.substr(0, sep));
    if (key.size() >= 2 && (key.front() == '"' || key.front() == '\'') && key.back() == key.front())
      key = key.substr(1, key.size() - 2);
    bool name = !key.empty();
    for (char c : key) name = name && key_char(c);
    if (!name || bare_key(key) || !looks_like_secret(key)) continue;
    std::string_view value = trim(t.substr(sep + 1));
    if (!value.empty() && value.front() != '"' && value.front() != '\'') {
      size_t comment = value.find(" #");
      if (comment != std::string_view::npos) value = trim(value.substr(0, comment));
    }
    while (!value.empty() && (value.back() == ',' || value.back() == ';')) value.remove_suffix(1);
    if (value.size() >= 2 && (value.front() == '"' || value.front() == '\'') &&
        value.back() == value.front())
      value = value.substr(1, value.size() - 2);
    static const std::set<std::string_view> empty{"null", "~", "true", "false", "none", "None",
                                                  "{}", "[]", "''", "\"\""};
    if (is_reference(value) || empty.count(value) ||
        std::string_view("{[&*!|>").find(value.front()) != std::string_view::npos)
      continue;
    found.push_back({number, "a secret in `" + std::string(key) + "`"});
  }
  return found;
}

}  // namespace gen::check

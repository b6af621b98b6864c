#include "spec/formats.h"

#include <climits>
#include <set>

#include "values/device.h"
#include "values/duration.h"
#include "values/platform.h"
#include "values/quantity.h"

namespace gen::spec::schema {
namespace {

bool lower(char c) { return c >= 'a' && c <= 'z'; }
bool upper(char c) { return c >= 'A' && c <= 'Z'; }
bool digit(char c) { return c >= '0' && c <= '9'; }
bool alnum(char c) { return lower(c) || upper(c) || digit(c); }
bool hex(char c) { return digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool control(char c) {
  unsigned char u = static_cast<unsigned char>(c);
  return u < 0x20 || u == 0x7f;
}

// [a-z0-9] at both ends, [-a-z0-9] (plus `extra`) inside, at most `max`.
bool label_like(const std::string& s, size_t max, char extra) {
  if (s.empty() || s.size() > max) return false;
  auto edge = [](char c) { return lower(c) || digit(c); };
  if (!edge(s.front()) || !edge(s.back())) return false;
  for (char c : s)
    if (!edge(c) && c != '-' && c != extra) return false;
  return true;
}

bool is_dns_label(const std::string& s) { return label_like(s, 63, '-'); }
bool is_dns_subdomain(const std::string& s) { return label_like(s, 253, '.'); }
bool is_port_name(const std::string& s) { return label_like(s, 15, '-'); }

// A volume or network key as compose users write them (db_data, back_tier):
// a letter or digit at both ends, '-' and '_' inside, at most 63, so the
// Kubernetes name derived from it (values/k8s_name.h) is a DNS-1123 label.
bool is_volume_key(const std::string& s) {
  if (s.empty() || s.size() > 63 || !alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s)
    if (!alnum(c) && c != '-' && c != '_') return false;
  return true;
}

// A label name: [A-Za-z0-9] at both ends, [-_.A-Za-z0-9] inside, at most 63.
bool is_label_name(const std::string& s) {
  if (s.empty() || s.size() > 63 || !alnum(s.front()) || !alnum(s.back())) return false;
  for (char c : s)
    if (!alnum(c) && c != '-' && c != '_' && c != '.') return false;
  return true;
}

// [prefix/]name: the prefix a DNS subdomain (a domain the key belongs to).
bool is_label_key(const std::string& s) {
  size_t slash = s.find('/');
  if (slash == std::string::npos) return is_label_name(s);
  return slash > 0 && is_dns_subdomain(s.substr(0, slash)) && is_label_name(s.substr(slash + 1));
}

bool is_label_value(const std::string& s) { return s.empty() || is_label_name(s); }

bool is_env_name(const std::string& s) {
  if (s.empty() || digit(s[0])) return false;
  for (char c : s)
    if (!alnum(c) && c != '_') return false;
  return true;
}

// A run-time variable name: an env-name, or one with '.' inside
// (Elasticsearch's discovery.type), which the engines and Kubernetes pass
// through; where a target cannot carry one, rule target-support says so.
bool is_env_var_name(const std::string& s) {
  if (s.empty() || digit(s[0]) || s[0] == '.') return false;
  for (char c : s)
    if (!alnum(c) && c != '_' && c != '.') return false;
  return true;
}

bool is_posix_name(const std::string& s) {
  if (s.empty() || s.size() > 32) return false;
  if (!lower(s[0]) && s[0] != '_') return false;
  for (char c : s)
    if (!lower(c) && !digit(c) && c != '_' && c != '-') return false;
  return true;
}

bool is_rule_id(const std::string& s) {
  if (s.empty() || !lower(s[0])) return false;
  for (char c : s)
    if (!lower(c) && !digit(c) && c != '-') return false;
  return true;
}

bool is_dir_name(const std::string& s) {
  if (s.empty() || !(alnum(s[0]) || s[0] == '_')) return false;
  for (char c : s)
    if (!alnum(c) && c != '.' && c != '_' && c != '-') return false;
  return true;
}

// An IANA time zone name: UTC, Europe/Berlin, America/Argentina/Buenos_Aires,
// Etc/GMT+5. Whether the zone exists is the host's (systemd) or the
// cluster's (Kubernetes) tz database; the shape is all gen can check.
bool is_time_zone(const std::string& s) {
  if (s.empty() || s.size() > 64 || !(upper(s[0]) || lower(s[0]))) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == '/') {
      if (i + 1 == s.size() || s[i + 1] == '/') return false;
    } else if (!alnum(c) && c != '_' && c != '+' && c != '-') {
      return false;
    }
  }
  return true;
}

// A route's host: DNS labels joined by '.', at least two, at most 253
// characters, the last starting with a letter (what an Ingress host, an
// HTTPRoute hostname and a Caddy site address all accept; no IP addresses,
// no wildcards, no port).
bool is_hostname(const std::string& s) {
  if (s.empty() || s.size() > 253) return false;
  size_t start = 0, labels = 0;
  for (;;) {
    size_t dot = s.find('.', start);
    std::string label = s.substr(start, dot == std::string::npos ? std::string::npos : dot - start);
    if (!is_dns_label(label)) return false;
    ++labels;
    if (dot == std::string::npos) return labels >= 2 && lower(label[0]);  // a TLD, not 1.2.3.4
    start = dot + 1;
  }
}

// A route's path prefix: '/' and segments of URL-unreserved characters (and
// percent escapes), no empty segment, no trailing '/' but for "/" itself.
// Narrower than http-path: the prefix is written unquoted into Caddyfile
// matchers and compared segment-wise by Ingress and HTTPRoute.
bool is_route_path(const std::string& s) {
  if (s.empty() || s[0] != '/' || s.size() > 1024) return false;
  if (s.size() == 1) return true;
  if (s.back() == '/') return false;
  for (size_t i = 1; i < s.size(); ++i) {
    char c = s[i];
    if (c == '/') {
      if (s[i - 1] == '/') return false;
    } else if (!alnum(c) && c != '-' && c != '.' && c != '_' && c != '~' && c != '%') {
      return false;
    }
  }
  return true;
}

bool is_duration(const std::string& s) { return values::Duration::parse(s).has_value(); }

bool is_quantity(const std::string& s) { return values::Quantity::read(s).valid(); }

bool is_device(const std::string& s) { return values::Device::parse(s).has_value(); }

bool is_platform(const std::string& s) { return values::Platform::parse(s).has_value(); }

bool is_image_ref(const std::string& s) {
  if (s.empty() || !(alnum(s[0]) || s[0] == '$')) return false;
  for (char c : s)
    if (!alnum(c) && std::string("._/:@${}-").find(c) == std::string::npos) return false;
  return true;
}

// ([A-Za-z0-9_.-] | ${NAME})+
bool is_name_with_vars(const std::string& s) {
  if (s.empty() || s.size() > 128) return false;
  for (size_t i = 0; i < s.size();) {
    char c = s[i];
    if (alnum(c) || c == '_' || c == '.' || c == '-') {
      ++i;
      continue;
    }
    if (c != '$' || s.compare(i, 2, "${") != 0) return false;
    size_t j = i + 2;
    if (j >= s.size() || !(upper(s[j]) || lower(s[j]) || s[j] == '_')) return false;
    while (j < s.size() && (alnum(s[j]) || s[j] == '_')) ++j;
    if (j >= s.size() || s[j] != '}') return false;
    i = j + 1;
  }
  return true;
}

bool is_ipv4(const std::string& s) {
  int parts = 0;
  size_t i = 0;
  while (true) {
    size_t start = i;
    while (i < s.size() && digit(s[i])) ++i;
    size_t n = i - start;
    if (n == 0 || n > 3) return false;
    if (n > 1 && s[start] == '0') return false;
    if (std::stoi(s.substr(start, n)) > 255) return false;
    ++parts;
    if (i == s.size()) break;
    if (s[i] != '.' || parts == 4) return false;
    ++i;
  }
  return parts == 4;
}

// IPv6 loosely: hex digits, ':' and '.', with at least one ':' (the runtime
// reports the rest).
bool is_ipv6(const std::string& s) {
  if (s.find(':') == std::string::npos) return false;
  for (char c : s)
    if (!hex(c) && c != ':' && c != '.') return false;
  return true;
}

bool is_ip_address(const std::string& s) { return is_ipv4(s) || is_ipv6(s); }

bool is_http_path(const std::string& s) {
  if (s.empty() || s[0] != '/') return false;
  for (char c : s)
    if (c == ' ' || control(c)) return false;
  return true;
}

bool is_signal(const std::string& s) {
  if (s.size() < 4 || s.compare(0, 3, "SIG") != 0) return false;
  for (size_t i = 3; i < s.size(); ++i)
    if (!upper(s[i]) && !digit(s[i]) && s[i] != '+') return false;
  return true;
}

bool is_line(const std::string& s) {
  for (char c : s)
    if (control(c)) return false;
  return true;
}

// Free text (descriptions, reasons): line breaks and tabs are fine (every
// output folds or quotes them), other control characters are not (NUL and
// ESC would reach terminals and parsers).
bool is_text(const std::string& s) {
  for (char c : s)
    if (control(c) && c != '\n' && c != '\t') return false;
  return true;
}

// A path every output holds as is: compose and podman split mount strings
// at ':' and ',' options, systemd expands '%' and '$', Dockerfiles and
// shells read quotes, spaces, '\\', '$' and '#', YAML and Markdown more.
bool is_path_chars(const std::string& s) {
  for (char c : s) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-' || c == '+' || c == '@' || c == '=' || c == '~' ||
              c == '/';
    if (!ok) return false;
  }
  return true;
}

bool is_abs_path(const std::string& s) { return !s.empty() && s[0] == '/' && is_path_chars(s); }
// A mount target or tmpfs path: podman's -v and Quadlet's Volume= split at
// ':', systemd drops surrounding spaces and reads a trailing backslash as a
// continuation; every other character is escaped where it lands.
bool is_mount_path(const std::string& s) {
  return !s.empty() && is_line(s) && s.find(':') == std::string::npos && s.front() != ' ' &&
         s.back() != ' ' && s.back() != '\\';
}

// An env file name: a path, with {module} placeholders.
bool is_env_file(const std::string& s) {
  std::string plain;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s.compare(i, 8, "{module}") == 0) {
      plain += 'm';
      i += 7;
    } else {
      plain += s[i];
    }
  }
  return !s.empty() && s[0] != '-' && is_path_chars(plain);
}

// Environment and build-argument values: anything a process can receive,
// which is everything but NUL (execve and every env file end a value there).
bool is_env_value(const std::string& s) { return s.find('\0') == std::string::npos; }
bool is_logs(const std::string& s) { return s == "stdout" || (!s.empty() && s[0] == '/' && is_line(s)); }

// The resource limits of setrlimit(2) docker and podman accept by name.
bool is_ulimit_name(const std::string& s) {
  static const std::set<std::string> kNames = {
      "core",  "cpu", "data",   "fsize",  "locks",      "memlock", "msgqueue", "nice",
      "nofile", "nproc", "rss", "rtprio", "rttime", "sigpending", "stack"};
  return kNames.count(s) > 0;
}

bool is_secret_key(const std::string& s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!alnum(c) && c != '-' && c != '.' && c != '_') return false;
  return true;
}

}  // namespace

namespace formats {
const char* const kLabelHelp =
    "lowercase letters, digits and '-', starting and ending with a letter or digit, at most 63 "
    "characters (a DNS-1123 label)";

const Format dns_label{
    "dns-label", "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$", "name", kLabelHelp, is_dns_label, 63,
    true};
const Format volume_key{"volume-key",
                        "^[A-Za-z0-9]([-_A-Za-z0-9]{0,61}[A-Za-z0-9])?$",
                        "name",
                        "letters, digits, '-' and '_', starting and ending with a letter or "
                        "digit",
                        is_volume_key,
                        63,
                        true};
const Format dns_subdomain{"dns-subdomain",
                           "^[a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?$",
                           "name",
                           "lowercase letters, digits, '-' and '.', starting and ending with a "
                           "letter or digit, at most 253 characters",
                           is_dns_subdomain,
                           253,
                           true};
const Format port_name{"port-name",  "^[a-z0-9]([-a-z0-9]{0,13}[a-z0-9])?$",
                       "port name",  "lowercase letters, digits and '-', at most 15 characters",
                       is_port_name, 15,
                       true};
const Format env_name{"env-name",
                      "^[A-Za-z_][A-Za-z0-9_]*$",
                      "variable name",
                      "letters, digits and '_', not starting with a digit",
                      is_env_name,
                      0,
                      true};
const Format env_var_name{"env-var-name",
                          "^[A-Za-z_][A-Za-z0-9_.]*$",
                          "variable name",
                          "letters, digits, '_' and '.', starting with a letter or '_'",
                          is_env_var_name,
                          0,
                          true};
const Format posix_name{"posix-name",
                        "^[a-z_][a-z0-9_-]{0,31}$",
                        "user or group name",
                        "lowercase letters, digits, '_' and '-', starting with a letter or '_', "
                        "at most 32 characters",
                        is_posix_name,
                        32,
                        true};
const Format rule_id{"rule-id",  "^[a-z][a-z0-9-]*$",
                     "rule id",  "a rule id such as loopback-ports (see gen explain)",
                     is_rule_id, 0,
                     true};
const Format dir_name{"dir-name",
                      "^[A-Za-z0-9_][A-Za-z0-9._-]*$",
                      "directory name",
                      "one directory name such as data or logs: letters, digits, '.', '_' and "
                      "'-', no '/'",
                      is_dir_name,
                      0,
                      true};
const Format duration{"duration", "^([0-9]{1,9}(ms|s|m|h))+$", "duration",
                      "a number and a unit (ms, s, m, h), e.g. 30s, 1m30s or 500ms", is_duration};
const Format time_zone{"time-zone",
                       "^[A-Za-z][A-Za-z0-9_+-]*(/[A-Za-z0-9_+-]+)*$",
                       "time zone",
                       "an IANA time zone name such as UTC or Europe/Berlin",
                       is_time_zone,
                       64};
const Format hostname{"hostname",
                      "^(?=.{1,253}$)[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?(\\.[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?)*"
                      "\\.[a-z]([-a-z0-9]{0,61}[a-z0-9])?$",
                      "host name",
                      "a DNS name such as app.example.com: two or more DNS-1123 labels joined by "
                      "'.', the last starting with a letter, at most 253 characters",
                      is_hostname,
                      253};
const Format route_path{"route-path",
                        "^/([-A-Za-z0-9._~%]+(/[-A-Za-z0-9._~%]+)*)?$",
                        "path prefix",
                        "'/' or an absolute path such as /api: segments of letters, digits and "
                        "- . _ ~ %, no trailing '/'",
                        is_route_path,
                        1024};
const Format quantity{"quantity", "^[0-9]+(\\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$",
                      "quantity",
                      "a Kubernetes quantity: a number with an optional suffix, e.g. 250m, 0.5, "
                      "256Mi or 1Gi",
                      is_quantity};
const Format image_ref{"image-ref", "^[A-Za-z0-9$][A-Za-z0-9._/:@${}-]*$", "image reference",
                       "an image reference such as postgres:15-alpine or "
                       "ghcr.io/yourorg/app:${TAG}",
                       is_image_ref};
const Format name_with_vars{"name-with-vars",
                            "^([A-Za-z0-9_.-]|\\$\\{[A-Za-z_][A-Za-z0-9_]*\\})+$",
                            "value",
                            "letters, digits, '_', '.', '-' and ${VAR} references, at most 128 "
                            "characters",
                            is_name_with_vars,
                            128};
const Format ip_address{
    "ip-address",
    "^((25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])\\.){3}(25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?"
    "[0-9])$|^[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*$",
    "IP address", "an IP address such as 127.0.0.1 or ::1", is_ip_address};
const Format http_path{"http-path", "^/[^ \\x00-\\x1f\\x7f]*$", "HTTP path",
                       "an absolute HTTP path such as /healthz", is_http_path};
const Format signal{"signal", "^SIG[A-Z0-9+]+$", "signal name", "a signal name such as SIGTERM",
                    is_signal};
const Format line{"line", "^[^\\x00-\\x1f\\x7f]*$", "value",
                  "one line of text without control characters", is_line};
const Format text{"text", "^[^\\x00-\\x08\\x0b-\\x1f\\x7f]*$", "text",
                  "text without control characters other than line breaks and tabs", is_text};
const Format abs_path{"abs-path", "^/[-A-Za-z0-9._+@=~/]*$", "absolute path",
                      "an absolute path such as /app, of letters, digits and . _ - + @ = ~ /",
                      is_abs_path};
const Format mount_path{"mount-path", "^(?! )[^:\\x00-\\x1f\\x7f]*[^ :\\\\\\x00-\\x1f\\x7f]$", "path",
                        "a path such as /app/data: one line, no ':', no space at either end "
                        "and no trailing backslash",
                        is_mount_path};
const Format env_file{"env-file", "^(?!-)([-A-Za-z0-9._+@=~/]|\\{module\\})+$", "env file path",
                      "a relative path such as {module}/.env.prod, of letters, digits, "
                      ". _ - + @ = ~ / and {module}, not starting with -",
                      is_env_file};
const Format env_value{"env-value", "^[^\\x00]*$", "value", "any text without a NUL character",
                       is_env_value};
const Format logs{"logs", "^(stdout|/[^\\x00-\\x1f\\x7f]*)$", "log destination",
                  "stdout or an absolute directory inside the container such as /app/logs",
                  is_logs};
const Format label_key{
    "label-key",
    "^([a-z0-9]([-a-z0-9.]{0,251}[a-z0-9])?/)?[A-Za-z0-9]([-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?$",
    "label key",
    "a name of letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at "
    "most 63 characters, optionally after a DNS subdomain and '/' (example.com/team)",
    is_label_key};
const Format label_value{
    "label-value", "^([A-Za-z0-9]([-_.A-Za-z0-9]{0,61}[A-Za-z0-9])?)?$", "label value",
    "empty, or letters, digits, '-', '_' and '.', starting and ending with a letter or digit, at "
    "most 63 characters (a Kubernetes label value)",
    is_label_value};
const Format ulimit_name{
    "ulimit-name",
    "^(core|cpu|data|fsize|locks|memlock|msgqueue|nice|nofile|nproc|rss|rtprio|rttime|"
    "sigpending|stack)$",
    "ulimit name",
    "a resource limit docker and podman set: core, cpu, data, fsize, locks, memlock, msgqueue, "
    "nice, nofile, nproc, rss, rtprio, rttime, sigpending or stack",
    is_ulimit_name};
// values::Device: an absolute /dev path, then optionally an absolute
// container path and/or cgroup permissions (each of r, w, m at most once).
const Format device{"device",
                    "^/dev(/(?!\\.\\.?(/|:|$))[A-Za-z0-9_.+@-]+)+(:(/(?!\\.\\.?(/|:|$))[A-Za-z0-9_.+@-]+)+)?"
                    "(:(r|w|m|rw|rm|wr|wm|mr|mw|rwm|rmw|wrm|wmr|mrw|mwr))?$",
                    "device",
                    "a host device such as /dev/fuse, optionally followed by :CONTAINER-PATH "
                    "and/or :PERMISSIONS (r, w, m), e.g. /dev/snd:/dev/snd:rw",
                    is_device};
// values::Platform: OS/ARCH[/VARIANT] of a known OS and architecture.
const Format platform{"platform",
                      "^linux/(amd64|arm64|arm|386|ppc64le|s390x|riscv64)(/v[0-9]{1,2})?$",
                      "platform",
                      "OS/ARCH[/VARIANT]: os linux; arch amd64, arm64, arm, 386, ppc64le, s390x or "
                      "riscv64; variant v followed by digits (linux/arm/v7)",
                      is_platform};
const Format secret_key{"secret-key", "^[-._a-zA-Z0-9]+$", "secret key",
                        "letters, digits, '-', '.' and '_'", is_secret_key};
}  // namespace formats

const Format* const* all_formats(size_t& count) {
  static const Format* const kAll[] = {
      &formats::dns_label,  &formats::dns_subdomain, &formats::port_name,      &formats::env_name,
      &formats::posix_name, &formats::rule_id,       &formats::dir_name,       &formats::duration,
      &formats::quantity,   &formats::image_ref,     &formats::name_with_vars, &formats::ip_address,
      &formats::http_path,  &formats::signal,        &formats::line,           &formats::abs_path,
      &formats::logs,       &formats::secret_key,    &formats::text,           &formats::mount_path,
      &formats::env_file,   &formats::env_value,     &formats::time_zone,
      &formats::label_key,  &formats::label_value,   &formats::env_var_name,
      &formats::device,     &formats::hostname,      &formats::route_path,
      &formats::volume_key, &formats::ulimit_name, &formats::platform};
  count = sizeof kAll / sizeof kAll[0];
  return kAll;
}


}  // namespace gen::spec::schema

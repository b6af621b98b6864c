// String formats of the spec (names, durations, quantities, ...). Each is
// checked by a small hand-written function (fast and safe on a 4 MB value,
// unlike std::regex) and exported to the JSON Schema as a regex; a unit test
// checks that both agree on a list of samples.
#pragma once

#include <cstddef>
#include <string>

namespace gen::spec::schema {

struct Format {
  const char* name;         // "dns-label"
  const char* pattern;      // the JSON Schema regex (ECMA 262 and Python `re` read it alike)
  const char* noun;         // "name", in "'X' is not a valid name"
  const char* description;  // what is allowed, for help lines and docs
  bool (*matches)(const std::string&);
  size_t max_length = 0;  // 0: no limit beyond the pattern
  bool is_name = false;   // failures are invalid-name rather than invalid-value
};

namespace formats {
extern const Format dns_label;       // module, network, volume, profile, project names
extern const Format volume_key;      // volume and network keys: a DNS label, or with '_' and capitals
extern const Format dns_subdomain;   // k8s object names (secrets, storage classes)
extern const Format port_name;       // IANA service name (k8s port names)
extern const Format env_name;        // build argument names, shell-safe variable names
extern const Format env_var_name;    // run-time variable names: env-name, or with '.' inside
extern const Format posix_name;      // user and group names
extern const Format rule_id;         // waiver keys
extern const Format dir_name;        // a module-owned directory name (data, logs, sessions)
extern const Format duration;        // 30s, 1m30s, 500ms
extern const Format quantity;        // Kubernetes quantity: 250m, 0.5, 256Mi
extern const Format image_ref;       // postgres:15-alpine, ghcr.io/org/app:${TAG}
extern const Format name_with_vars;  // image tags and runtime names, may hold ${VAR}
extern const Format ip_address;      // 127.0.0.1, 0.0.0.0, ::1
extern const Format http_path;       // /healthz
extern const Format signal;          // SIGTERM
extern const Format line;            // one line of text without control characters
extern const Format abs_path;        // /app (characters every output holds as is)
extern const Format text;            // free text: line breaks and tabs, no other control characters
extern const Format mount_path;      // a mount target or tmpfs path (absolute: rule mount-targets)
extern const Format env_file;        // {module}/.env.prod
extern const Format env_value;       // environment values: no NUL
extern const Format logs;            // stdout or an absolute path
extern const Format secret_key;      // a key inside a k8s Secret
extern const Format time_zone;       // UTC, Europe/Berlin
extern const Format hostname;        // app.example.com (routes)
extern const Format route_path;      // /api (a route's path prefix)
extern const Format label_key;       // a label or annotation key: [prefix/]name (Kubernetes rules)
extern const Format label_value;     // a Kubernetes label value (empty, or at most 63 characters)
extern const Format ulimit_name;     // nofile, nproc, ... (the limits docker and podman set)
extern const Format platform;        // OS/ARCH[/VARIANT]: linux/arm64, linux/arm/v7
extern const Format device;          // a host device: /dev/fuse, /dev/snd:/dev/snd:rw
}  // namespace formats

// Every format above, for tests and the docs.
const Format* const* all_formats(size_t& count);


}  // namespace gen::spec::schema

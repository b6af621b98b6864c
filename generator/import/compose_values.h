// The compose values import reads, each parsed once from its node (short and
// long syntax alike) into a type that keeps the node's position. A value
// that cannot be parsed gives nullopt and a reason; the mapper reports it as
// dropped at that position.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics/source_location.h"
#include "yaml/node.h"

namespace gen::import {

// A ports item: "[IP:][HOST[-HOST2]:]CONTAINER[-CONTAINER2][/PROTO]" or
// {target, published, host_ip, protocol, name, mode, app_protocol}; ranges
// expand to one Port each.
struct Port {
  int container = 0;
  std::optional<int> host;  // published on the host
  std::string host_ip;      // "" = every interface
  std::string protocol = "tcp";
  std::string name;
  SourceLocation loc;
};
std::optional<std::vector<Port>> parse_port(const yaml::Node& item, std::string& why);

// A volumes item: "SOURCE:TARGET[:MODE]", "TARGET" (anonymous) or the long
// syntax {type, source, target, read_only, tmpfs: {size}, ...}.
struct VolumeMount {
  enum class Kind { Volume, Bind, Tmpfs, Anonymous, Other };
  Kind kind = Kind::Volume;
  std::string source;  // volume name or (absolute) host path
  std::string target;
  bool read_only = false;
  std::string tmpfs_size;        // raw compose value ("64m", 1000000)
  std::vector<std::string> ignored;  // options gen cannot express (nocopy, propagation, ...)
  std::string type_name;         // for Kind::Other
  SourceLocation loc;
};
std::optional<VolumeMount> parse_volume(const yaml::Node& item, std::string& why);

// Go durations as compose writes them ("1m30s", "1.5s", "500ms", "10us").
std::optional<int64_t> parse_go_duration_ms(const std::string& text);
// Milliseconds in gen's duration format ("90s", "1500ms").
std::string format_duration(int64_t ms);

// Docker byte sizes ("512m", "1g", "100k", 1048576: binary units) as a
// Kubernetes quantity ("512Mi"). nullopt when it is not a size.
std::optional<std::string> memory_quantity(const std::string& text);
// Docker cpus ("0.5", 2) as a quantity ("500m", "2").
std::optional<std::string> cpu_quantity(const std::string& text);

// A command or entrypoint string split into words the way compose does
// (POSIX shell quoting: '...', "...", backslash). nullopt when a quote is open.
std::optional<std::vector<std::string>> shell_split(const std::string& text);

// A healthcheck test: {CMD, a, b} -> [a, b]; {CMD-SHELL, s} or "s" ->
// [/bin/sh, -c, s]; NONE or disable -> empty (no check).
struct HealthTest {
  bool disabled = false;
  std::vector<std::string> command;
};
std::optional<HealthTest> parse_health_test(const yaml::Node& test, std::string& why);

}  // namespace gen::import

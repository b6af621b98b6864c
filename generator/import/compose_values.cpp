#include "import/compose_values.h"

#include <cctype>
#include <cmath>
#include <cstdlib>

namespace gen::import {

namespace {

bool all_digits(const std::string& s) {
  if (s.empty() || s.size() > 9) return false;
  for (char c : s)
    if (!std::isdigit(static_cast<unsigned char>(c))) return false;
  return true;
}

// "80" or "8000-8010" -> [first, last]
bool parse_range(const std::string& s, int& first, int& last) {
  size_t dash = s.find('-');
  std::string a = s.substr(0, dash);
  std::string b = dash == std::string::npos ? a : s.substr(dash + 1);
  if (!all_digits(a) || !all_digits(b)) return false;
  first = std::atoi(a.c_str());
  last = std::atoi(b.c_str());
  return first >= 1 && last <= 65535 && first <= last;
}

constexpr int kMaxRange = 100;  // a port range gen expands into single ports

std::string scalar(const yaml::Node* n) { return n && n->is_scalar() ? n->value : ""; }

}  // namespace

std::optional<std::vector<Port>> parse_port(const yaml::Node& item, std::string& why) {
  std::string ip, host, container, proto = "tcp", name;
  if (item.is_scalar()) {
    std::string v = item.value;
    if (size_t slash = v.rfind('/'); slash != std::string::npos) {
      proto = v.substr(slash + 1);
      v.resize(slash);
    }
    if (!v.empty() && v[0] == '[') {  // [::1]:8080:80
      size_t close = v.find(']');
      if (close == std::string::npos) {
        why = "an IPv6 address without its ']'";
        return std::nullopt;
      }
      ip = v.substr(1, close - 1);
      v = v.substr(close + 1);
      if (!v.empty() && v[0] == ':') v = v.substr(1);
    }
    size_t last = v.rfind(':');
    if (last == std::string::npos) {
      container = v;
    } else {
      container = v.substr(last + 1);
      std::string rest = v.substr(0, last);
      size_t c = rest.rfind(':');
      if (c == std::string::npos) {
        host = rest;
      } else {
        host = rest.substr(c + 1);
        if (ip.empty()) ip = rest.substr(0, c);
      }
    }
  } else if (item.is_mapping()) {
    container = scalar(item.find("target"));
    host = scalar(item.find("published"));
    ip = scalar(item.find("host_ip"));
    if (item.find("protocol")) proto = scalar(item.find("protocol"));
    name = scalar(item.find("name"));
  } else {
    why = "a port is a string or a mapping";
    return std::nullopt;
  }
  for (auto& c : proto) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (proto != "tcp" && proto != "udp") {
    why = "protocol " + proto + " (gen publishes tcp and udp)";
    return std::nullopt;
  }
  int c0 = 0, c1 = 0, h0 = 0, h1 = 0;
  if (!parse_range(container, c0, c1)) {
    why = "container port '" + container + "' is not a port or a range";
    return std::nullopt;
  }
  bool published = !host.empty();
  if (published && !parse_range(host, h0, h1)) {
    why = "host port '" + host + "' is not a port or a range";
    return std::nullopt;
  }
  if (c1 - c0 >= kMaxRange) {
    why = "a range of more than 100 ports";
    return std::nullopt;
  }
  if (published && h1 - h0 != c1 - c0 && h0 != h1) {
    why = "host and container ranges differ in size";
    return std::nullopt;
  }
  std::vector<Port> out;
  for (int p = c0; p <= c1; ++p) {
    Port port;
    port.container = p;
    if (published) port.host = h0 == h1 ? h0 : h0 + (p - c0);
    port.host_ip = ip;
    port.protocol = proto;
    if (c0 == c1) port.name = name;
    port.loc = item.loc;
    out.push_back(port);
  }
  return out;
}

std::optional<VolumeMount> parse_volume(const yaml::Node& item, std::string& why) {
  VolumeMount m;
  m.loc = item.loc;
  if (item.is_scalar()) {
    const std::string& v = item.value;
    std::vector<std::string> parts;
    size_t start = 0;
    while (true) {
      size_t c = v.find(':', start);
      parts.push_back(v.substr(start, c == std::string::npos ? std::string::npos : c - start));
      if (c == std::string::npos) break;
      start = c + 1;
    }
    if (parts.size() == 1) {
      m.kind = VolumeMount::Kind::Anonymous;
      m.target = parts[0];
    } else if (parts.size() <= 3) {
      m.source = parts[0];
      m.target = parts[1];
      m.kind = (!m.source.empty() && (m.source[0] == '/' || m.source[0] == '.' || m.source[0] == '~'))
                   ? VolumeMount::Kind::Bind
                   : VolumeMount::Kind::Volume;
      if (parts.size() == 3) {
        std::string mode = parts[2];
        size_t s = 0;
        while (s <= mode.size()) {
          size_t comma = mode.find(',', s);
          std::string opt = mode.substr(s, comma == std::string::npos ? std::string::npos : comma - s);
          if (opt == "ro") m.read_only = true;
          else if (opt != "rw" && !opt.empty()) m.ignored.push_back(opt);
          if (comma == std::string::npos) break;
          s = comma + 1;
        }
      }
    } else {
      why = "expected SOURCE:TARGET[:MODE]";
      return std::nullopt;
    }
  } else if (item.is_mapping()) {
    std::string type = scalar(item.find("type"));
    m.source = scalar(item.find("source"));
    m.target = scalar(item.find("target"));
    if (const yaml::Node* ro = item.find("read_only"); ro && ro->is_scalar())
      m.read_only = ro->value == "true";
    if (type == "bind") {
      m.kind = VolumeMount::Kind::Bind;
      if (item.find("bind")) m.ignored.push_back("bind options");
    } else if (type == "volume" || type.empty()) {
      m.kind = m.source.empty() ? VolumeMount::Kind::Anonymous : VolumeMount::Kind::Volume;
      if (item.find("volume")) m.ignored.push_back("volume options");
    } else if (type == "tmpfs") {
      m.kind = VolumeMount::Kind::Tmpfs;
      if (const yaml::Node* t = item.find("tmpfs"))
        if (const yaml::Node* size = t->find("size"); size && size->is_scalar())
          m.tmpfs_size = size->value;
    } else {
      m.kind = VolumeMount::Kind::Other;
      m.type_name = type;
    }
    if (item.find("consistency")) m.ignored.push_back("consistency");
  } else {
    why = "a volume is a string or a mapping";
    return std::nullopt;
  }
  // Targets normalised as the contract wants them (mount-targets): "/a/b/" -> "/a/b".
  while (m.target.size() > 1 && m.target.back() == '/') m.target.pop_back();
  if (m.kind != VolumeMount::Kind::Other && (m.target.empty() || m.target[0] != '/')) {
    why = "the target '" + m.target + "' is not an absolute path";
    return std::nullopt;
  }
  return m;
}

std::optional<int64_t> parse_go_duration_ms(const std::string& text) {
  if (text.empty()) return std::nullopt;
  double total_ms = 0;
  size_t i = 0;
  if (text == "0") return 0;
  while (i < text.size()) {
    size_t n0 = i;
    while (i < text.size() && (std::isdigit(static_cast<unsigned char>(text[i])) || text[i] == '.')) ++i;
    if (i == n0 || i - n0 > 12) return std::nullopt;
    double number = std::atof(text.substr(n0, i - n0).c_str());
    size_t u0 = i;
    while (i < text.size() && std::isalpha(static_cast<unsigned char>(text[i]))) ++i;
    std::string unit = text.substr(u0, i - u0);
    double scale = unit == "h" ? 3600000 : unit == "m" ? 60000 : unit == "s" ? 1000
                 : unit == "ms" ? 1 : (unit == "us" || unit == "µs") ? 0.001 : unit == "ns" ? 1e-6 : -1;
    if (scale < 0) return std::nullopt;
    total_ms += number * scale;
  }
  if (total_ms > 1e12) return std::nullopt;
  return static_cast<int64_t>(std::llround(total_ms));
}

std::string format_duration(int64_t ms) {
  if (ms % 1000 == 0) return std::to_string(ms / 1000) + "s";
  return std::to_string(ms) + "ms";
}

std::optional<std::string> memory_quantity(const std::string& text) {
  std::string t;
  for (char c : text) t += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if (!t.empty() && t.back() == 'b') t.pop_back();  // "512mb" and "100b"
  if (t.empty()) return std::nullopt;
  char unit = t.back();
  std::string number = std::isdigit(static_cast<unsigned char>(unit)) ? t : t.substr(0, t.size() - 1);
  if (number.empty() || number.size() > 15) return std::nullopt;
  for (char c : number)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return std::nullopt;
  if (std::isdigit(static_cast<unsigned char>(unit))) return number;
  switch (unit) {
    case 'k': return number + "Ki";
    case 'm': return number + "Mi";
    case 'g': return number + "Gi";
    case 't': return number + "Ti";
    default: return std::nullopt;
  }
}

std::optional<std::string> cpu_quantity(const std::string& text) {
  if (text.empty() || text.size() > 15) return std::nullopt;
  for (char c : text)
    if (!std::isdigit(static_cast<unsigned char>(c)) && c != '.') return std::nullopt;
  double v = std::atof(text.c_str());
  if (v <= 0) return std::nullopt;
  double milli = v * 1000;
  if (std::fabs(milli - std::round(milli)) < 1e-6) {
    long long m = std::llround(milli);
    if (m % 1000 == 0) return std::to_string(m / 1000);
    return std::to_string(m) + "m";
  }
  return text;
}

std::optional<std::vector<std::string>> shell_split(const std::string& text) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(cur);
      cur.clear();
      in_word = false;
      ++i;
    } else if (c == '\'') {
      size_t close = text.find('\'', i + 1);
      if (close == std::string::npos) return std::nullopt;
      cur += text.substr(i + 1, close - i - 1);
      in_word = true;
      i = close + 1;
    } else if (c == '"') {
      ++i;
      while (i < text.size() && text[i] != '"') {
        if (text[i] == '\\' && i + 1 < text.size() &&
            (text[i + 1] == '"' || text[i + 1] == '\\' || text[i + 1] == '$' || text[i + 1] == '`'))
          ++i;
        cur += text[i++];
      }
      if (i >= text.size()) return std::nullopt;
      ++i;
      in_word = true;
    } else if (c == '\\' && i + 1 < text.size()) {
      cur += text[i + 1];
      in_word = true;
      i += 2;
    } else {
      cur += c;
      in_word = true;
      ++i;
    }
  }
  if (in_word) words.push_back(cur);
  return words;
}

std::optional<HealthTest> parse_health_test(const yaml::Node& test, std::string& why) {
  HealthTest h;
  if (test.is_scalar()) {
    if (test.value.empty() || test.value == "NONE") {
      h.disabled = true;
      return h;
    }
    h.command = {"/bin/sh", "-c", test.value};
    return h;
  }
  if (!test.is_sequence() || test.items.empty()) {
    why = "test is a string or a list starting with CMD, CMD-SHELL or NONE";
    return std::nullopt;
  }
  std::vector<std::string> words;
  for (const auto& w : test.items) {
    if (!w.is_scalar()) {
      why = "test lists strings";
      return std::nullopt;
    }
    words.push_back(w.value);
  }
  if (words[0] == "NONE") {
    h.disabled = true;
  } else if (words[0] == "CMD" && words.size() > 1) {
    h.command.assign(words.begin() + 1, words.end());
  } else if (words[0] == "CMD-SHELL" && words.size() == 2) {
    h.command = {"/bin/sh", "-c", words[1]};
  } else {
    why = "test starts with CMD (and a command), CMD-SHELL (and one string) or NONE";
    return std::nullopt;
  }
  return h;
}

}  // namespace gen::import

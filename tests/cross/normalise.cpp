#include <regex>

#include "records.h"

namespace gen::cross {

std::map<std::string, std::string> fields(const ModuleRecord& r) {
  auto join = [](const auto& list) {
    std::string out;
    for (const auto& s : list) out += (out.empty() ? "" : ", ") + s;
    return "[" + out + "]";
  };
  // Podman asks for fully qualified names; the spec and compose may write
  // either: compare the short ones.
  std::string image = r.image;
  for (const char* prefix : {"docker.io/library/", "docker.io/", "localhost/"})
    if (image.rfind(prefix, 0) == 0) {
      image = image.substr(std::string(prefix).size());
      break;
    }
  return {{"image", image},           {"user", r.user},
          {"groups", join(r.groups)}, {"ports", join(r.ports)},
          {"env", join(r.env)},       {"mounts", join(r.mounts)},
          {"health", r.health},       {"grace", std::to_string(r.grace)}};
}

std::vector<std::string> shell_split(const std::string& s) {
  std::vector<std::string> words;
  std::string cur;
  bool in_word = false;
  for (size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) words.push_back(cur), cur.clear(), in_word = false;
    } else if (c == '\'') {
      in_word = true;
      size_t end = s.find('\'', i + 1);
      if (end == std::string::npos) end = s.size();
      cur += s.substr(i + 1, end - i - 1);
      i = end;
    } else if (c == '"') {
      in_word = true;
      for (++i; i < s.size() && s[i] != '"'; ++i) {
        if (s[i] == '\\' && i + 1 < s.size() &&
            std::string("\"\\$`\n").find(s[i + 1]) != std::string::npos)
          ++i;
        cur += s[i];
      }
    } else if (c == '\\' && i + 1 < s.size()) {
      in_word = true;
      cur += s[++i];
    } else {
      in_word = true;
      cur += c;
    }
  }
  if (in_word) words.push_back(cur);
  return words;
}

int duration_seconds(const std::string& s) {
  static const std::regex part("([0-9]+)(ms|h|m|s)");
  if (s.empty()) return -1;
  long total_ms = 0;
  size_t consumed = 0;
  for (auto it = std::sregex_iterator(s.begin(), s.end(), part); it != std::sregex_iterator();
       ++it) {
    if (static_cast<size_t>(it->position()) != consumed) return -1;
    consumed += static_cast<size_t>(it->length());
    long n = std::stol((*it)[1]);
    std::string unit = (*it)[2];
    total_ms += unit == "h" ? n * 3600000 : unit == "m" ? n * 60000 : unit == "s" ? n * 1000 : n;
  }
  if (consumed != s.size()) return -1;
  return static_cast<int>(total_ms / 1000);
}

std::string classify_probe(const std::vector<std::string>& argv) {
  static const std::regex url("http://[^\\s'\"`)]+");
  static const std::regex tcp("/dev/tcp/[^/\\s]+/([0-9]+)");
  std::string all;
  for (const auto& a : argv) all += a + "\n";
  std::smatch m;
  if (std::regex_search(all, m, url)) return "http " + m.str(0);
  if (std::regex_search(all, m, tcp)) return "tcp " + m.str(1);
  // A plain image's TCP check (sh trying nc, then bash) takes the port as $0:
  // the last word.
  static const std::regex tcp_arg("/dev/tcp/[^/\\s]+/\\$\\$?0");
  if (std::regex_search(all, tcp_arg) && !argv.empty()) return "tcp " + argv.back();
  return "command " + nlohmann::json(argv).dump();
}

std::string health_text(const std::string& probe, int interval, int timeout, int retries,
                        int start_period) {
  return probe + " every " + std::to_string(interval) + "s timeout " + std::to_string(timeout) +
         "s retries " + std::to_string(retries) + " start " + std::to_string(start_period) + "s";
}

Records spec_records(const nlohmann::ordered_json& ctx) {
  Records out;
  for (const auto& m : ctx["modules"]) {
    if (m["kind"] == "base") continue;
    ModuleRecord r;
    r.image = m["image"]["ref"];
    r.user = std::to_string(m["user"]["uid"].get<int>()) + ":" +
             std::to_string(m["user"]["gid"].get<int>());
    for (const auto& g : m["user"]["groups"]) r.groups.push_back(std::to_string(g.get<int>()));
    std::sort(r.groups.begin(), r.groups.end());
    for (const auto& p : m["ports"])
      r.ports.insert(std::to_string(p["container"].get<int>()) + "/" +
                     p["protocol"].get<std::string>());
    for (const auto& e : m["env"])
      if (e["kind"] != "build") r.env.insert(e["name"].get<std::string>());
    for (const auto& mt : m["mounts"])
      r.mounts.insert(mt["target"].get<std::string>() +
                      (mt["type"] == "tmpfs" ? " scratch" : " persistent") +
                      (mt["read_only"].get<bool>() ? " ro" : " rw"));
    const auto& h = m["health"];
    if (h.is_null() || h["container"].is_null()) {
      r.health = "none";
    } else {
      const auto& p = h["container"];
      std::string probe = p["type"] == "http" ? "http " + p["url"].get<std::string>()
                          : p["type"] == "tcp"
                              ? "tcp " + std::to_string(p["port"].get<int>())
                              : classify_probe(p["command"].get<std::vector<std::string>>());
      r.health = health_text(probe, h["interval_seconds"], h["timeout_seconds"], h["retries"],
                             h["start_period_seconds"]);
    }
    r.grace = m["stop"]["grace_seconds"];
    out[m["name"].get<std::string>()] = r;
  }
  return out;
}

}  // namespace gen::cross

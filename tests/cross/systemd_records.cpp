// systemd/<module>.container (Quadlet) or systemd/<module>.service (classic
// `podman run` / `docker run`), read back with a small unit-file reader of
// its own: one record per module unit.
#include <algorithm>
#include <sstream>

#include "records.h"

namespace gen::cross {

namespace {

struct Setting {
  std::string key, value;
};

// Key=value lines of a unit (continuations joined, comments skipped).
std::vector<Setting> unit_settings(const std::string& text) {
  std::vector<Setting> out;
  std::istringstream in(text);
  std::string line, pending;
  while (std::getline(in, line)) {
    size_t i = line.find_first_not_of(" \t");
    if (i == std::string::npos) continue;
    line = line.substr(i);
    if (line[0] == '#' || line[0] == ';' || line[0] == '[') continue;
    bool more = !line.empty() && line.back() == '\\';
    if (more) line.pop_back();
    pending += line + (more ? " " : "");
    if (more) continue;
    size_t eq = pending.find('=');
    if (eq != std::string::npos) out.push_back({pending.substr(0, eq), pending.substr(eq + 1)});
    pending.clear();
  }
  return out;
}

// systemd's own escapes, on top of the quoting shell_split undoes: `$$` is
// a literal `$` on an Exec line (and in the Quadlet keys podman receives),
// `%%` a literal `%`.
std::string unescape(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    out += s[i];
    if ((s[i] == '$' || s[i] == '%') && i + 1 < s.size() && s[i + 1] == s[i]) ++i;
  }
  return out;
}

std::vector<std::string> words(const std::string& value) {
  std::vector<std::string> out;
  for (auto& w : shell_split(value)) out.push_back(unescape(w));
  return out;
}

// Podman asks for fully qualified names; the spec writes the short ones.
std::string short_image(std::string ref) {
  for (const char* prefix : {"docker.io/library/", "docker.io/", "localhost/"})
    if (ref.rfind(prefix, 0) == 0) return ref.substr(std::string(prefix).size());
  return ref;
}

// A podman secret: `type=mount` is a read-only file at its target, else
// (`type=env`) a variable named by its target.
void add_secret(const std::string& value, ModuleRecord& r) {
  auto t = value.find("target=");
  if (t == std::string::npos) return;
  std::string target = value.substr(t + 7, value.find(',', t) - t - 7);
  if (value.find("type=mount") != std::string::npos)
    r.mounts.insert(target + " persistent ro");
  else
    r.env.insert(target);
}

void add_volume(const std::string& spec, std::set<std::string>& mounts) {
  std::vector<std::string> parts;
  std::stringstream ss(spec);
  std::string part;
  while (std::getline(ss, part, ':')) parts.push_back(part);
  if (parts.size() < 2) return;
  bool ro = false;
  if (parts.size() >= 3) {
    std::stringstream opts(parts[2]);
    while (std::getline(opts, part, ',')) ro = ro || part == "ro";
  }
  mounts.insert(parts[1] + " persistent " + (ro ? "ro" : "rw"));
}

// A JSON-array health command (podman) or a shell line (docker).
std::vector<std::string> health_argv(const std::string& cmd) {
  if (!cmd.empty() && cmd[0] == '[')
    return nlohmann::json::parse(cmd).get<std::vector<std::string>>();
  return shell_split(cmd);
}

struct Health {
  std::string cmd;
  int interval = 30, timeout = 30, retries = 3, start = 0;
};

void finish(ModuleRecord& r, const Health& h) {
  std::sort(r.groups.begin(), r.groups.end());
  r.health = h.cmd.empty() ? "none"
                           : health_text(classify_probe(health_argv(h.cmd)), h.interval, h.timeout,
                                         h.retries, h.start);
}

void add_env(const std::string& assignment, std::set<std::string>& env) {
  env.insert(assignment.substr(0, assignment.find('=')));
}

ModuleRecord container_record(const std::string& text) {
  ModuleRecord r;
  Health h;
  for (const auto& s : unit_settings(text)) {
    const std::string& v = s.value;
    if (s.key == "Image")
      r.image = short_image(v);
    else if (s.key == "User")
      r.user = v + r.user;
    else if (s.key == "Group")
      r.user += ":" + v;
    else if (s.key == "GroupAdd")
      r.groups.push_back(v);
    else if (s.key == "PublishPort" || s.key == "ExposeHostPort") {
      std::string p = v, proto = "tcp";
      if (auto slash = p.rfind('/'); slash != std::string::npos) {
        proto = p.substr(slash + 1);
        p = p.substr(0, slash);
      }
      r.ports.insert(p.substr(p.rfind(':') == std::string::npos ? 0 : p.rfind(':') + 1) + "/" +
                     proto);
    } else if (s.key == "Environment") {
      for (const auto& w : words(v)) add_env(w, r.env);
    } else if (s.key == "Secret") {
      add_secret(v, r);
    } else if (s.key == "PodmanArgs") {
      auto w = words(v);
      for (size_t i = 0; i + 1 < w.size(); ++i)
        if (w[i] == "--env") add_env(w[i + 1], r.env);
    } else if (s.key == "Tmpfs") {
      r.mounts.insert(v.substr(0, v.find(':')) + " scratch rw");
    } else if (s.key == "Volume") {
      add_volume(v, r.mounts);
    } else if (s.key == "HealthCmd") {
      h.cmd = unescape(v);
    } else if (s.key == "HealthInterval") {
      h.interval = duration_seconds(v);
    } else if (s.key == "HealthTimeout") {
      h.timeout = duration_seconds(v);
    } else if (s.key == "HealthRetries") {
      h.retries = std::stoi(v);
    } else if (s.key == "HealthStartPeriod") {
      h.start = duration_seconds(v);
    } else if (s.key == "StopTimeout") {
      r.grace = std::stoi(v);
    }
  }
  finish(r, h);
  return r;
}

// The flags of `<engine> run ... IMAGE ARGS` on the unit's ExecStart.
ModuleRecord service_record(const std::string& text) {
  ModuleRecord r;
  Health h;
  r.grace = 10;  // the engines' default
  for (const auto& s : unit_settings(text)) {
    if (s.key != "ExecStart") continue;
    auto w = words(s.value);
    if (w.size() < 2 || w[1] != "run") continue;
    for (size_t i = 2; i < w.size(); ++i) {
      std::string flag = w[i], value;
      if (flag.rfind("--", 0) == 0 && flag.find('=') != std::string::npos)
        continue;  // --cidfile=...
      if (flag[0] != '-') {
        r.image = short_image(flag);
        break;
      }
      static const std::set<std::string> boolean = {"--rm", "--replace", "--detach", "--read-only"};
      if (boolean.count(flag) || i + 1 >= w.size()) continue;
      value = w[++i];
      if (flag == "--user")
        r.user = value;
      else if (flag == "--group-add")
        r.groups.push_back(value);
      else if (flag == "--publish" || flag == "--expose") {
        std::string p = value, proto = "tcp";
        if (auto slash = p.rfind('/'); slash != std::string::npos) {
          proto = p.substr(slash + 1);
          p = p.substr(0, slash);
        }
        r.ports.insert(p.substr(p.rfind(':') == std::string::npos ? 0 : p.rfind(':') + 1) + "/" +
                       proto);
      } else if (flag == "--env")
        add_env(value, r.env);
      else if (flag == "--secret")
        add_secret(value, r);
      else if (flag == "--tmpfs")
        r.mounts.insert(value.substr(0, value.find(':')) + " scratch rw");
      else if (flag == "--volume")
        add_volume(value, r.mounts);
      else if (flag == "--health-cmd")
        h.cmd = value;
      else if (flag == "--health-interval")
        h.interval = duration_seconds(value);
      else if (flag == "--health-timeout")
        h.timeout = duration_seconds(value);
      else if (flag == "--health-retries")
        h.retries = std::stoi(value);
      else if (flag == "--health-start-period")
        h.start = duration_seconds(value);
      else if (flag == "--stop-timeout")
        r.grace = std::stoi(value);
    }
  }
  finish(r, h);
  return r;
}

}  // namespace

Records systemd_records(const test::GenOutput& out) {
  Records records;
  for (const auto& [path, text] : out.files) {
    if (path.rfind("systemd/", 0) != 0) continue;
    std::string file = path.substr(8);
    auto dot = file.rfind('.');
    std::string name = file.substr(0, dot), ext = file.substr(dot + 1);
    if (ext == "container") records[name] = container_record(text);
    // Classic module units run `<engine> run`; network and volume units do not.
    else if (ext == "service" && text.find(" run \\") != std::string::npos)
      records[name] = service_record(text);
  }
  return records;
}

}  // namespace gen::cross

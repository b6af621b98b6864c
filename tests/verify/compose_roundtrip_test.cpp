// Values from the spec with `:`, `#`, quotes, `${`, `$`, newlines or unicode
// come out of the compose file exactly: rendered by gen, then read back by
// yaml-cpp (with compose's `$$` unescaping, refusing any `$` compose would
// interpolate), by the real Compose loader (`docker-compose config`, from
// ../shared/validators), and the health check's command by /bin/sh.
#include <yaml-cpp/yaml.h>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include "compose_gen.h"

using namespace gen::test;
using Json = nlohmann::json;

namespace {

const char* kDockerCompose = GEN_SOURCE_DIR "/../shared/validators/.tools/bin/docker-compose";

// Strings a YAML, shell or compose writer gets wrong when it does not quote.
const std::vector<std::string> kHostile = {
    "a: b",
    "# not a comment",
    "it's \"quoted\"",
    "${NOT_A_VAR}",
    "$$ and $HOME and $",
    "unicode: \xc3\xa9 \xe6\x97\xa5\xe6\x9c\xac \xf0\x9f\x9a\x80",
    "  leading and trailing  ",
    "yes",
    "null",
    "0755",
    "1e3",
    "~",
    "- dash",
    "[x], {y}",
    "back\\slash",
    "@at `tick` %pct !bang &amp *star |pipe >gt ?q",
    "2024-01-01",
    "",
};
// Environment values may also hold line breaks and tabs (command words may not).
const std::vector<std::string> kHostileEnv = {"line1\nline2", "tab\there", "\n"};

// What compose makes of a value after YAML: `$$` is a literal `$`; any other
// `$` would be interpolated, which gen must never let happen to spec values.
std::string compose_literal(const std::string& s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '$') {
      out += s[i];
      continue;
    }
    INFO("unescaped $ in " << s);
    REQUIRE(i + 1 < s.size());
    REQUIRE(s[i + 1] == '$');
    out += '$';
    ++i;
  }
  return out;
}

std::string spec_json() {
  Json env = Json::object();
  for (size_t i = 0; i < kHostile.size(); ++i) env["V" + std::to_string(i)] = kHostile[i];
  for (size_t i = 0; i < kHostileEnv.size(); ++i)
    env["D" + std::to_string(i)] = {{"default", kHostileEnv[i]}};
  Json args = Json::object();
  for (size_t i = 0; i < kHostile.size(); ++i) args["A" + std::to_string(i)] = kHostile[i];
  Json command = Json::array({"python", "-c"});
  for (const auto& h : kHostile) command.push_back(h);
  Json spec = {
      {"version", 1},
      {"project", "hostile"},
      {"defaults", {{"user", {{"uid", 1001}, {"gid", 1001}}}, {"restart", "unless-stopped"}}},
      {"modules",
       {{"app",
         {{"build", {{"stack", "python-pip"}, {"context", "./app: #1 $x"}, {"args", args}}},
          {"command", command},
          {"ports", Json::array({{{"container", 8000}, {"host", 8000}}})},
          {"health",
           {{"check", {{"command", Json::array({"sh", "-c", "test \"$HOME\" != '#: ${x}'"})}}}}},
          {"env", env},
          {"mounts", Json::array({{{"tmpfs", "/tmp"}},
                                  {{"config", "./conf: #1/$x \xc3\xa9.ini"},
                                   {"target", "/etc/app #1/${x} \xc3\xa9.ini"}}})}}}}},
  };
  return spec.dump(2);  // JSON is YAML
}

}  // namespace

TEST_CASE("hostile spec values round-trip through compose.yaml") {
  Scratch s;
  write_text(s.dir / "specs/hostile.yaml", spec_json());
  GenRun r = run_gen_in(s.dir, {"compose", "--spec", "specs/hostile.yaml"}, "out");
  INFO(r.err);
  REQUIRE(r.code == 0);
  const std::string& text = r.at("compose.yaml");
  YAML::Node app = YAML::Load(text)["services"]["app"];

  for (size_t i = 0; i < kHostile.size(); ++i)
    CHECK(compose_literal(app["environment"]["V" + std::to_string(i)].as<std::string>()) ==
          kHostile[i]);
  for (size_t i = 0; i < kHostileEnv.size(); ++i)
    CHECK(compose_literal(app["environment"]["D" + std::to_string(i)].as<std::string>()) ==
          kHostileEnv[i]);
  for (size_t i = 0; i < kHostile.size(); ++i)
    CHECK(compose_literal(app["build"]["args"]["A" + std::to_string(i)].as<std::string>()) ==
          kHostile[i]);
  std::vector<std::string> command;
  for (const auto& w : app["command"]) command.push_back(compose_literal(w.as<std::string>()));
  std::vector<std::string> want{"python", "-c"};
  want.insert(want.end(), kHostile.begin(), kHostile.end());
  CHECK(command == want);

  // The config file mount: both sides hold ':' and so use the long form.
  YAML::Node mount = app["volumes"][0];
  CHECK(compose_literal(mount["target"].as<std::string>()) == "/etc/app #1/${x} \xc3\xa9.ini");
  CHECK(compose_literal(mount["source"].as<std::string>()) == "../specs/conf: #1/$x \xc3\xa9.ini");
  CHECK(mount["read_only"].as<bool>());
  CHECK(compose_literal(app["build"]["context"].as<std::string>()) == "../specs/app: #1 $x");

  // The health check: /bin/sh splits the CMD-SHELL string back into the argv.
  std::string shell = compose_literal(app["healthcheck"]["test"][1].as<std::string>());
  write_text(s.dir / "split.sh",
             "eval \"set -- $1\"; for a in \"$@\"; do printf '%s\\n' \"$a\"; done\n");
  write_text(s.dir / "cmd.txt", shell);
  std::string cmd = "/bin/sh " + sh_quote((s.dir / "split.sh").string()) + " \"$(cat " +
                    sh_quote((s.dir / "cmd.txt").string()) + ")\" > " +
                    sh_quote((s.dir / "argv.txt").string());
  REQUIRE(std::system(cmd.c_str()) == 0);
  CHECK(read_text(s.dir / "argv.txt") == "sh\n-c\ntest \"$HOME\" != '#: ${x}'\n");
}

TEST_CASE("the real Compose loader reads hostile values back exactly") {
  INFO("docker-compose from ../shared/validators (run its install.sh): " << kDockerCompose);
  REQUIRE(fs::exists(kDockerCompose));
  Scratch s;
  write_text(s.dir / "specs/hostile.yaml", spec_json());
  GenRun r = run_gen_in(s.dir, {"compose", "--spec", "specs/hostile.yaml"}, "out");
  REQUIRE(r.code == 0);
  std::string cmd = "cd " + sh_quote((s.dir / "out").string()) + " && env -i PATH=/usr/bin:/bin " +
                    sh_quote(kDockerCompose) + " -f compose.yaml config --format json > " +
                    sh_quote((s.dir / "config.json").string()) + " 2>" +
                    sh_quote((s.dir / "config.err").string());
  int status = std::system(cmd.c_str());
  INFO(read_text(s.dir / "config.err"));
  REQUIRE(status == 0);
  Json config = Json::parse(read_text(s.dir / "config.json"));
  const Json& app = config["services"]["app"];
  // `config` prints a compose file again, so a literal `$` comes back as `$$`;
  // a value compose had interpolated would have lost its `${NOT_A_VAR}`.
  auto value = [](const Json& j) { return compose_literal(j.get<std::string>()); };
  for (size_t i = 0; i < kHostile.size(); ++i)
    CHECK(value(app["environment"]["V" + std::to_string(i)]) == kHostile[i]);
  for (size_t i = 0; i < kHostileEnv.size(); ++i)
    CHECK(value(app["environment"]["D" + std::to_string(i)]) == kHostileEnv[i]);
  for (size_t i = 0; i < kHostile.size(); ++i)
    CHECK(value(app["build"]["args"]["A" + std::to_string(i)]) == kHostile[i]);
  std::vector<std::string> command;
  for (const auto& w : app["command"]) command.push_back(value(w));
  std::vector<std::string> want{"python", "-c"};
  want.insert(want.end(), kHostile.begin(), kHostile.end());
  CHECK(command == want);
  bool found = false;
  for (const auto& v : app["volumes"])
    if (value(v["target"]) == "/etc/app #1/${x} \xc3\xa9.ini") {
      found = true;
      CHECK(v["read_only"] == true);
      std::string source = value(v["source"]);
      // Made absolute by the loader: <scratch>/specs/conf: #1/$x é.ini.
      std::string tail = "/specs/conf: #1/$x \xc3\xa9.ini";
      REQUIRE(source.size() > tail.size());
      CHECK(source.substr(source.size() - tail.size()) == tail);
    }
  CHECK(found);
}

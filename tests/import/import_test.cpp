// gen import's stage: merge keys, interpolation, .env, the merge rules,
// extends/include, profiles, hostile input, and the mapping's guarantees
// (a secret value is never copied; contract changes are marked).
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "import/compose_file.h"
#include "import/compose_values.h"
#include "import/environment.h"
#include "import/peers.h"
#include "import/loader.h"
#include "import/merge.h"
#include "import/to_spec.h"

using namespace gen;
using namespace gen::import;
namespace fs = std::filesystem;

namespace {

yaml::Node parse(const std::string& text, Diagnostics& diags) {
  SourceFiles sources;
  auto n = parse_compose_text("compose.yaml", text, diags, sources);
  REQUIRE(n);
  return *n;
}

std::string value_at(const yaml::Node& root, std::initializer_list<const char*> path) {
  const yaml::Node* n = &root;
  for (const char* k : path) {
    n = n->find(k);
    REQUIRE(n);
  }
  return n->value;
}

bool has(const Diagnostics& d, const std::string& id) {
  for (const auto& x : d.items())
    if (x.rule_id == id) return true;
  return false;
}

// A finding whose message holds `text`.
bool said(const Diagnostics& d, const std::string& text) {
  for (const auto& x : d.items())
    if (x.message.find(text) != std::string::npos) return true;
  return false;
}

struct TempDir {
  fs::path path;
  TempDir() {
    path = fs::temp_directory_path() / ("gen-import-test-" + std::to_string(::getpid()) + "-" +
                                        std::to_string(counter()++));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  static int& counter() {
    static int n = 0;
    return n;
  }
  std::string write(const std::string& name, const std::string& text) const {
    fs::path p = path / name;
    fs::create_directories(p.parent_path());
    std::ofstream(p) << text;
    return p.generic_string();
  }
};

std::optional<LoadedCompose> load(const TempDir& dir, std::vector<std::string> files,
                                  Diagnostics& diags, std::map<std::string, std::string> env = {}) {
  LoadOptions o;
  for (auto& f : files) o.files.push_back((dir.path / f).generic_string());
  o.process_env = std::move(env);
  SourceFiles sources;
  return load_compose(o, diags, sources);
}

// gen import of dir/compose.yaml into dir/gen.yaml (the text, not written).
ImportResult import_compose(const TempDir& dir, Diagnostics& d, bool keep = false) {
  auto c = load(dir, {"compose.yaml"}, d);
  REQUIRE(c);
  ImportOptions o;
  o.spec_path = (dir.path / "gen.yaml").generic_string();
  o.origin = "compose.yaml";
  o.keep_behaviour = keep;
  return compose_to_spec(*c, o, d);
}

std::string import_text(const TempDir& dir, Diagnostics& d, bool keep = false) {
  return import_compose(dir, d, keep).spec_text;
}

}  // namespace

TEST_CASE("merge keys: explicit keys win, then the merged mappings in order") {
  Diagnostics d;
  auto root = parse(
      "x-a: &a {image: a, restart: always}\n"
      "x-b: &b {image: b, user: '1000'}\n"
      "services:\n  s:\n    <<: [*a, *b]\n    restart: 'no'\n",
      d);
  CHECK(value_at(root, {"services", "s", "image"}) == "a");
  CHECK(value_at(root, {"services", "s", "restart"}) == "no");
  CHECK(value_at(root, {"services", "s", "user"}) == "1000");
  CHECK(root.find("services")->find("s")->find("<<") == nullptr);
}

TEST_CASE("a merge key that is not a mapping is an error") {
  Diagnostics d;
  SourceFiles s;
  CHECK_FALSE(parse_compose_text("c.yaml", "services:\n  s:\n    <<: 3\n", d, s));
  CHECK(has(d, ids::kInvalid));
}

TEST_CASE("interpolation follows compose") {
  Environment env;
  env.process = {{"SET", "v"}, {"EMPTY", ""}};
  Diagnostics d;
  auto I = [&](const std::string& t) { return interpolate(t, env, {}, d).value_or("<error>"); };
  CHECK(I("$$SET") == "$SET");
  CHECK(I("${SET}") == "v");
  CHECK(I("$SET-x") == "v-x");
  CHECK(I("${EMPTY:-d}") == "d");
  CHECK(I("${EMPTY-d}") == "");
  CHECK(I("${UNSET-d}") == "d");
  CHECK(I("${SET:+r}") == "r");
  CHECK(I("${EMPTY:+r}") == "");
  CHECK(I("${EMPTY+r}") == "r");
  CHECK(I("${UNSET:-${SET}}") == "v");
  CHECK(I("${SET:?boom}") == "v");
  CHECK_FALSE(d.has_errors());
  CHECK(I("${UNSET}") == "");
  CHECK(has(d, ids::kVariable));  // the warning
  CHECK_FALSE(d.has_errors());
  CHECK(I("${UNSET:?needed}") == "<error>");
  CHECK(I("${EMPTY:?needed}") == "<error>");
  CHECK(I("${EMPTY?needed}") == "");
  CHECK(I("${") == "<error>");
  CHECK(I("a $ b") == "<error>");
  CHECK(d.has_errors());
}

TEST_CASE("deep nesting of defaults is bounded") {
  Environment env;
  Diagnostics d;
  std::string t;
  for (int i = 0; i < 100; ++i) t += "${A:-";
  t += "x";
  for (int i = 0; i < 100; ++i) t += "}";
  CHECK_FALSE(interpolate(t, env, {}, d));
}

TEST_CASE("dotenv: export, quotes, comments, interpolation of earlier variables") {
  Environment env;
  std::vector<DotenvVar> vars;
  Diagnostics d;
  REQUIRE(parse_dotenv(".env",
                       "# c\nexport A=1\nB='lit $A'\nC=\"x\\ny $A\"\nD=plain # comment\nE=${A}2\n",
                       env, vars, d));
  REQUIRE(vars.size() == 5);
  CHECK(vars[1].value == "lit $A");
  CHECK(vars[2].value == "x\ny 1");
  CHECK(vars[3].value == "plain");
  CHECK(vars[4].value == "12");
  CHECK(vars[4].loc.line == 6);
}

TEST_CASE("merge rules: mappings merge, command replaces, ports and volumes are unique") {
  Diagnostics d;
  auto a = parse(
      "services:\n  s:\n    image: a\n    command: [x, y]\n    environment: [A=1, B=2]\n"
      "    ports: ['80:80']\n    volumes: ['v:/data', './x:/x']\n    dns: [1.1.1.1]\n",
      d);
  auto b = parse(
      "services:\n  s:\n    command: [z]\n    environment: {B: 3, C: 4}\n"
      "    ports: ['80:80', '443:443']\n    volumes: ['w:/data']\n    dns: [8.8.8.8]\n",
      d);
  for (auto* root : {&a, &b})
    for (auto& e : root->entries[0].value.entries) normalise_service(e.value);
  merge_project(a, b);
  const yaml::Node& s = *a.find("services")->find("s");
  REQUIRE(s.find("command")->items.size() == 1);
  CHECK(s.find("command")->items[0].value == "z");
  CHECK(value_at(s, {"environment", "A"}) == "1");
  CHECK(value_at(s, {"environment", "B"}) == "3");
  CHECK(value_at(s, {"environment", "C"}) == "4");
  CHECK(s.find("ports")->items.size() == 2);
  REQUIRE(s.find("volumes")->items.size() == 2);
  CHECK(s.find("volumes")->items[0].value == "w:/data");
  CHECK(s.find("dns")->items.size() == 2);
  CHECK(s.find("image")->value == "a");
}

TEST_CASE("extends across files, include, profiles and -f overrides") {
  TempDir dir;
  dir.write("base/common.yaml",
            "services:\n  web:\n    image: nginx\n    volumes: ['./html:/usr/share/nginx/html']\n");
  dir.write("inc.yaml", "services:\n  cache:\n    image: redis\n");
  dir.write("compose.yaml",
            "include: [inc.yaml]\nservices:\n  app:\n    extends: {file: base/common.yaml, service: web}\n"
            "    environment: {A: '${A:-1}'}\n  tool:\n    image: t\n    profiles: [debug]\n");
  dir.write("compose.override.yaml", "services:\n  app:\n    environment: {B: 2}\n");
  Diagnostics d;
  auto c = load(dir, {"compose.yaml", "compose.override.yaml"}, d);
  REQUIRE(c);
  const yaml::Node& services = *c->root.find("services");
  CHECK(services.find("cache"));
  CHECK_FALSE(services.find("tool"));
  REQUIRE(c->inactive.size() == 1);
  CHECK(value_at(services, {"app", "image"}) == "nginx");
  CHECK(value_at(services, {"app", "environment", "A"}) == "1");
  CHECK(value_at(services, {"app", "environment", "B"}) == "2");
  // The bind's path is relative to the extended file.
  CHECK(services.find("app")->find("volumes")->items[0].value ==
        (dir.path / "base/html").lexically_normal().generic_string() + ":/usr/share/nginx/html");
}

TEST_CASE("hostile compose files: a clear error, never a crash or a hang") {
  TempDir dir;
  Diagnostics d1;
  dir.write("a.yaml", "services:\n  a:\n    extends: {file: b.yaml, service: b}\n");
  dir.write("b.yaml", "services:\n  b:\n    extends: {file: a.yaml, service: a}\n");
  CHECK_FALSE(load(dir, {"a.yaml"}, d1));
  CHECK(has(d1, ids::kCycle));

  Diagnostics d2;
  dir.write("i.yaml", "include: [j.yaml]\n");
  dir.write("j.yaml", "include: [i.yaml]\n");
  CHECK_FALSE(load(dir, {"i.yaml"}, d2));
  CHECK(has(d2, ids::kCycle));

  Diagnostics d3;
  CHECK_FALSE(load(dir, {"missing.yaml"}, d3));
  CHECK(has(d3, "io-error"));

  Diagnostics d4;
  std::string bomb = "a: &a [x, x, x, x, x, x, x, x, x, x]\n";
  for (char c = 'b'; c <= 'k'; ++c)
    bomb += std::string(1, c) + ": &" + c + " [*" + char(c - 1) + ", *" + char(c - 1) + ", *" +
            char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + ", *" + char(c - 1) + "]\n";
  dir.write("bomb.yaml", bomb);
  CHECK_FALSE(load(dir, {"bomb.yaml"}, d4));
  CHECK(has(d4, "input-limit"));

  Diagnostics d5;
  dir.write("utf.yaml", "services:\n  a:\n    image: \xff\xfe\n");
  CHECK_FALSE(load(dir, {"utf.yaml"}, d5));
  CHECK(has(d5, "encoding"));

  Diagnostics d6;
  std::string deep;
  for (int i = 0; i < 200; ++i) deep += "[";
  dir.write("deep.yaml", "x: " + deep + "\n");
  CHECK_FALSE(load(dir, {"deep.yaml"}, d6));
  CHECK(d6.has_errors());

  Diagnostics d7;
  dir.write("self.yaml", "services:\n  a:\n    extends: a\n");
  CHECK_FALSE(load(dir, {"self.yaml"}, d7));
  CHECK(has(d7, ids::kCycle));
}

TEST_CASE("values: ports, volumes, durations, sizes, words") {
  Diagnostics d;
  auto root = parse("p: ['127.0.0.1:8080:80/udp', '3000-3002:4000-4002', '[::1]::53']\n", d);
  std::string why;
  auto p = parse_port(root.find("p")->items[0], why);
  REQUIRE(p);
  CHECK((*p)[0].host_ip == "127.0.0.1");
  CHECK(*(*p)[0].host == 8080);
  CHECK((*p)[0].container == 80);
  CHECK((*p)[0].protocol == "udp");
  auto r = parse_port(root.find("p")->items[1], why);
  REQUIRE(r);
  CHECK(r->size() == 3);
  CHECK(*(*r)[2].host == 3002);
  auto v6 = parse_port(root.find("p")->items[2], why);
  REQUIRE(v6);
  CHECK((*v6)[0].host_ip == "::1");
  CHECK_FALSE((*v6)[0].host);
  CHECK(parse_go_duration_ms("1m30s") == 90000);
  CHECK(parse_go_duration_ms("1.5s") == 1500);
  CHECK(format_duration(1500) == "1500ms");
  CHECK(memory_quantity("512m") == "512Mi");
  CHECK(memory_quantity("1GB") == "1Gi");
  CHECK(cpu_quantity("0.5") == "500m");
  CHECK(shell_split("sh -c 'echo \"a b\"' x\\ y") ==
        std::vector<std::string>{"sh", "-c", "echo \"a b\"", "x y"});
}

TEST_CASE("mapping: a literal secret is never copied; contract changes are marked") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n  db:\n    image: postgres:16\n    environment:\n"
            "      POSTGRES_PASSWORD: hunter2-very-secret\n      POSTGRES_DB: app\n"
            "    ports: ['5432:5432']\n");
  Diagnostics d;
  auto c = load(dir, {"compose.yaml"}, d);
  REQUIRE(c);
  ImportOptions o;
  o.spec_path = (dir.path / "gen.yaml").generic_string();
  o.origin = "compose.yaml";
  auto r = compose_to_spec(*c, o, d);
  CHECK(r.spec_text.find("hunter2") == std::string::npos);
  CHECK(r.spec_text.find("POSTGRES_PASSWORD: {secret: true}") != std::string::npos);
  CHECK(r.spec_text.find("# compose: port 5432:5432 on all interfaces") != std::string::npos);
  CHECK(r.spec_text.find("health: {tcp: 5432}") != std::string::npos);
  CHECK(r.changes >= 4);  // secret, port, root, user, health, restart

  Diagnostics k;
  o.keep_behaviour = true;
  auto kept = compose_to_spec(*c, o, k);
  CHECK(kept.spec_text.find("loopback-ports: ") != std::string::npos);
  CHECK(kept.spec_text.find("bind: \"0.0.0.0\"") != std::string::npos);
  CHECK(kept.spec_text.find("hunter2") == std::string::npos);
}

namespace {

int count(const Diagnostics& d, const std::string& id) {
  int n = 0;
  for (const auto& x : d.items()) n += x.rule_id == id;
  return n;
}

}  // namespace

TEST_CASE("build: the project's own Dockerfile, relative to the spec, with its stage and args") {
  TempDir dir;
  dir.write("api/docker/Dockerfile",
            "FROM golang:1.22 AS build\nRUN go build\nFROM debian:12 AS runtime\nUSER 1001:1002\n");
  dir.write("compose.yaml",
            "services:\n  api:\n    image: registry.example/api:1\n    build:\n"
            "      context: ./api\n      dockerfile: docker/Dockerfile\n      target: runtime\n"
            "      args: {GO_VERSION: '1.22', FROM_ENV: null, API_TOKEN: abc}\n"
            "      cache_from: [x]\n");
  Diagnostics d;
  std::string spec = import_text(dir, d);
  INFO(spec);
  CHECK(spec.find("    build:\n      context: \"./api\"\n      dockerfile: \"./api/docker/Dockerfile\"\n"
                  "      target: \"runtime\"\n      image: \"registry.example/api:1\"\n"
                  "      args:\n        \"GO_VERSION\": \"1.22\"\n") != std::string::npos);
  CHECK(spec.find("FROM_ENV") == std::string::npos);   // a value from the build's environment
  CHECK(spec.find("API_TOKEN") == std::string::npos);  // named like a secret
  CHECK(spec.find("\n    image:") == std::string::npos);  // build.image names it
  CHECK(spec.find("user: {uid: 1001, gid: 1002}") != std::string::npos);  // the Dockerfile's USER
  CHECK(count(d, ids::kDropped) == 3);  // FROM_ENV, API_TOKEN, cache_from
}

TEST_CASE("build: USER root or a name in the Dockerfile is waived with a note, never edited") {
  TempDir dir;
  dir.write("web/Dockerfile", "FROM node:20\nUSER node\n");
  dir.write("compose.yaml", "services:\n  web:\n    build: ./web\n");
  Diagnostics d;
  std::string spec = import_text(dir, d);
  INFO(spec);
  CHECK(spec.find("dockerfile-user: \"imported from compose: its Dockerfile says USER node\"") !=
        std::string::npos);
  CHECK(spec.find("dockerfile: \"./web/Dockerfile\"") != std::string::npos);
  bool noted = false;
  for (const auto& x : d.items())
    noted |= x.rule_id == ids::kContract && x.range.begin.line == 2 &&
             x.message.find("USER node") != std::string::npos;
  CHECK(noted);
}

TEST_CASE("build: what the spec cannot build falls back to the image compose builds") {
  const char* const cases[][2] = {
      {"services:\n  app:\n    build: ../elsewhere\n", "outside the spec's directory"},
      {"services:\n  app:\n    build: ./nothing\n", "is not there"},
      {"services:\n  app:\n    build: {context: ., dockerfile_inline: 'FROM x'}\n", "dockerfile_inline"},
      {"services:\n  app:\n    build: {context: ./two, target: nope}\n", "no stage nope"},
      {"services:\n  app:\n    build: ./empty\n", "has no FROM"},
  };
  for (const auto& c : cases) {
    TempDir dir;
    dir.write("two/Dockerfile", "FROM debian:12 AS one\n");
    dir.write("empty/Dockerfile", "# nothing\n");
    dir.write("compose.yaml", c[0]);
    Diagnostics d;
    std::string spec = import_text(dir, d);
    INFO(c[0] << spec);
    CHECK(spec.find("    build:") == std::string::npos);
    CHECK(spec.find("image: \"") != std::string::npos);
    bool said = false;
    for (const auto& x : d.items())
      said |= x.rule_id == ids::kDropped && x.message.find(c[1]) != std::string::npos;
    CHECK(said);
  }
}

TEST_CASE("secrets: mounted as files where compose mounts them; a path to one is no secret") {
  TempDir dir;
  dir.write("db/password.txt", "x\n");
  dir.write("compose.yaml",
            "services:\n  app:\n    image: app:1\n    environment:\n"
            "      DB_PASSWORD: /run/secrets/db_password\n"
            "    secrets:\n      - db_password\n      - {source: api, target: api.key, mode: 0400}\n"
            "      - ext\n      - from_env\n      - undeclared\n"
            "secrets:\n  db_password: {file: ./db/password.txt}\n  api: {file: ./db/password.txt}\n"
            "  ext: {external: true}\n  from_env: {environment: TOKEN}\n");
  Diagnostics d;
  std::string spec = import_text(dir, d);
  INFO(spec);
  CHECK(spec.find("DB_PASSWORD: \"/run/secrets/db_password\"") != std::string::npos);
  CHECK(spec.find("- {secret: db-password, file: \"./db/password.txt\", target: "
                  "\"/run/secrets/db_password\"}") != std::string::npos);
  CHECK(spec.find("- {secret: api, file: \"./db/password.txt\", target: \"/run/secrets/api.key\"}") !=
        std::string::npos);
  CHECK(spec.find("- {secret: ext}") != std::string::npos);
  CHECK(spec.find("from-env") == std::string::npos);
  CHECK(spec.find("undeclared") == std::string::npos);
  CHECK(count(d, ids::kDropped) == 3);  // mode, from_env, undeclared
}

TEST_CASE("volumes and networks with a fixed name: gen's own scoped name, or external under it") {
  TempDir dir;
  dir.write("compose.yaml",
            "name: shop\nservices:\n  app:\n    image: app:1\n    networks: [front, back]\n"
            "    volumes: [data:/data, cache:/cache, logs:/logs]\n"
            "volumes:\n  data: {name: shop_data}\n  cache: {name: shared-cache}\n"
            "  logs: {external: true, name: central-logs}\n"
            "networks:\n  front: {name: edge, internal: true}\n  back: {}\n");
  Diagnostics d;
  std::string spec = import_text(dir, d);
  INFO(spec);
  CHECK(spec.find("  data:\n") != std::string::npos);  // shop_data is what gen names it
  CHECK(spec.find("  cache: {external: true, name: \"shared-cache\"}") != std::string::npos);
  CHECK(spec.find("  logs: {external: true, name: \"central-logs\"}") != std::string::npos);
  CHECK(spec.find("  front: {external: true, internal: true, name: \"edge\"}") != std::string::npos);
  CHECK(spec.find("  back:\n") != std::string::npos);
  int notes = 0;
  for (const auto& x : d.items())
    notes += x.rule_id == ids::kContract && x.message.find("the fixed name") != std::string::npos;
  CHECK(notes == 2);  // shared-cache and edge
}

TEST_CASE("volume and network keys with '_' are kept, so their runtime names are compose's") {
  TempDir dir;
  dir.write("compose.yaml",
            "name: shop\nservices:\n  db:\n    image: postgres:16\n    networks: [back_tier]\n"
            "    volumes: [db_data:/var/lib/postgresql/data]\n"
            "volumes:\n  db_data: {name: shop_db_data}\n"
            "networks:\n  back_tier: {}\n");
  Diagnostics d;
  std::string spec = import_text(dir, d);
  INFO(spec);
  // The compose default name shop_db_data is gen's <project>_<key>: not external.
  CHECK(spec.find("\n  db_data:\n") != std::string::npos);
  CHECK(spec.find("\n  back_tier:\n") != std::string::npos);
  CHECK(spec.find("{volume: db_data, target: \"/var/lib/postgresql/data\"}") != std::string::npos);
  CHECK(spec.find("networks: [back_tier]") != std::string::npos);
  CHECK(spec.find("db-data") == std::string::npos);
  CHECK(spec.find("external") == std::string::npos);
}

TEST_CASE("links import as talks_to, to a service with a port that is not waited for") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n"
            "  web:\n    image: nginx\n    links: [db, cache:redis, api]\n"
            "    depends_on: [api]\n"
            "  db:\n    image: postgres\n    expose: ['5432']\n"
            "  cache:\n    image: redis\n"
            "  api:\n    image: api\n    expose: ['8000']\n");
  Diagnostics d;
  auto r = import_compose(dir, d);
  INFO(r.spec_text);
  CHECK(r.spec_text.find("    talks_to: [db]\n") != std::string::npos);
  CHECK(said(d, "link cache is dropped: cache exposes no port"));
  CHECK(said(d, "the link alias redis is dropped"));
}

TEST_CASE("compose labels import as container labels, annotations as annotations") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n"
            "  web:\n    image: nginx\n"
            "    labels:\n"
            "      traefik.http.routers.web.rule: Host(`example.com`)\n"
            "      com.docker.compose.project: other\n"
            "    annotations: [example.com/owner=team-a]\n");
  Diagnostics d;
  auto r = import_compose(dir, d);
  INFO(r.spec_text);
  CHECK(r.spec_text.find("    container_labels:\n      \"traefik.http.routers.web.rule\": "
                         "\"Host(`example.com`)\"\n") != std::string::npos);
  CHECK(r.spec_text.find("com.docker.compose.project") == std::string::npos);
  CHECK(r.spec_text.find("    annotations:\n      \"example.com/owner\": \"team-a\"\n") !=
        std::string::npos);
  bool dropped = false;
  for (const auto& x : d.items())
    dropped |= x.message.find("labels com.docker.compose.project is dropped") != std::string::npos;
  CHECK(dropped);
}

TEST_CASE("hostname and network aliases import as hostname and aliases, each name to one module") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n"
            "  elasticsearch:\n    image: elasticsearch:8.15.0\n    hostname: es\n"
            "    networks:\n"
            "      back: {aliases: [search, elasticsearch, es], ipv4_address: 10.5.0.5}\n"
            "      front: {aliases: [search, elastic]}\n"
            "  kibana:\n    image: kibana:8.15.0\n    hostname: Kibana.Local\n"
            "    networks: {back: {aliases: [search, 1st]}}\n"
            "networks:\n  back: {}\n  front: {}\n");
  Diagnostics d;
  auto r = import_compose(dir, d);
  INFO(r.spec_text);
  // The union over its networks, the module's own name left out.
  CHECK(r.spec_text.find("    hostname: \"es\"\n") != std::string::npos);
  CHECK(r.spec_text.find("    aliases: [\"search\", \"es\", \"elastic\"]\n") != std::string::npos);
  // kibana: a host name that is no DNS label, an alias taken, one starting with a digit.
  CHECK(r.spec_text.find("Kibana") == std::string::npos);
  CHECK(r.spec_text.find("1st") == std::string::npos);
  CHECK(said(d, "hostname Kibana.Local is dropped"));
  CHECK(said(d, "network alias search is dropped: the name is taken by module elasticsearch"));
  CHECK(said(d, "network alias 1st is dropped"));
  // ipv4_address is the spec's addresses (rule addresses wants the
  // network's subnet, which this compose file does not give).
  CHECK(r.spec_text.find("    addresses: {back: \"10.5.0.5\"}\n") != std::string::npos);
  CHECK_FALSE(said(d, "network option ipv4_address is dropped"));
  CHECK_FALSE(said(d, "aliases is dropped"));
}

TEST_CASE("ipam subnets and gateways and ipv4_address import as subnet, gateway and addresses") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n"
            "  db:\n    image: postgres:16\n"
            "    networks:\n"
            "      backend: {ipv4_address: 172.28.0.10}\n"
            "      default: {ipv4_address: 172.17.0.9}\n"
            "      shared: {}\n"
            "  cache:\n    image: redis:7\n"
            "    networks: {backend: {ipv4_address: 172.28.0.300}}\n"
            "networks:\n"
            "  backend:\n"
            "    ipam:\n"
            "      driver: default\n"
            "      config:\n"
            "        - {subnet: 172.28.0.0/16, gateway: 172.28.0.1, ip_range: 172.28.5.0/24}\n"
            "        - {subnet: \"fd00::/64\"}\n"
            "  shared: {external: true, ipam: {config: [{subnet: 10.9.0.0/16}]}}\n");
  Diagnostics d;
  auto r = import_compose(dir, d);
  INFO(r.spec_text);
  CHECK(r.spec_text.find("  backend: {subnet: \"172.28.0.0/16\", gateway: \"172.28.0.1\"}\n") !=
        std::string::npos);
  CHECK(r.spec_text.find("    addresses: {backend: \"172.28.0.10\"}\n") != std::string::npos);
  CHECK(r.spec_text.find("172.17.0.9") == std::string::npos);
  CHECK(r.spec_text.find("172.28.0.300") == std::string::npos);
  CHECK(r.spec_text.find("10.9.0.0") == std::string::npos);
  CHECK(said(d, "ipv4_address on the default network is dropped"));
  CHECK(said(d, "ipv4_address 172.28.0.300 is dropped"));
  CHECK(said(d, "network backend.ipam.driver is dropped"));
  CHECK(said(d, "network backend.ipam.config.ip_range is dropped"));
  CHECK(said(d, "network backend.ipam.config entry is dropped"));
  CHECK(said(d, "network shared.ipam is dropped"));
}

TEST_CASE("a value that is one whole ${NAME} imports as the host's variable, not its value now") {
  TempDir dir;
  dir.write(".env", "TIMEZONE=Europe/Berlin\nOWNER=alice\n");
  dir.write("compose.yaml",
            "services:\n"
            "  app:\n    image: app:1\n"
            "    environment:\n"
            "      TZ: ${TIMEZONE}\n"
            "      OWNER: $OWNER\n"
            "      GREETING: hello ${OWNER}\n"
            "      LEVEL: ${LEVEL:-info}\n"
            "      discovery.type: single-node\n"
            "      node.name: ${OWNER}\n");
  Diagnostics d;
  auto r = import_compose(dir, d);
  INFO(r.spec_text);
  CHECK(r.spec_text.find("      TZ: {from_host: TIMEZONE}") != std::string::npos);
  CHECK(r.spec_text.find("      OWNER: {required: true}") != std::string::npos);
  // Not one whole reference: the value compose would use now.
  CHECK(r.spec_text.find("      GREETING: \"hello alice\"") != std::string::npos);
  CHECK(r.spec_text.find("      LEVEL: \"info\"") != std::string::npos);
  // A name with '.': a plain value only.
  CHECK(r.spec_text.find("      discovery.type: \"single-node\"") != std::string::npos);
  CHECK(r.spec_text.find("      node.name: \"alice\"") != std::string::npos);
  CHECK(r.spec_text.find("Europe/Berlin") == std::string::npos);
}

TEST_CASE("privileges: cap_add, devices and a writable root are kept under waivers, or changed") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n  vpn:\n    image: vpn:1\n    read_only: false\n"
            "    cap_add: [cap_net_admin, NET_ADMIN, ALL]\n"
            "    devices:\n      - /dev/net/tun\n      - /etc/passwd:/x\n"
            "      - {source: /dev/snd, target: /dev/audio, permissions: rw}\n"
            "  ro:\n    image: ro:1\n    read_only: true\n");
  Diagnostics keep_d;
  std::string keep = import_text(dir, keep_d, true);
  INFO(keep);
  CHECK(keep.find("    cap_add: [NET_ADMIN]\n") != std::string::npos);
  CHECK(keep.find("    devices: [\"/dev/net/tun\", \"/dev/snd:/dev/audio:rw\"]\n") !=
        std::string::npos);
  CHECK(keep.find("    read_only: false\n") != std::string::npos);
  CHECK(keep.find("no-added-capabilities: \"imported from compose: cap_add: [NET_ADMIN]\"") !=
        std::string::npos);
  CHECK(keep.find("no-host-devices: \"imported from compose: devices:") != std::string::npos);
  CHECK(keep.find("read-only-rootfs: \"imported from compose: root filesystem writable\"") !=
        std::string::npos);
  // The read-only service needs nothing: one read_only in the spec.
  CHECK(keep.find("read_only") == keep.rfind("read_only"));
  CHECK(count(keep_d, ids::kDropped) == 2);  // ALL, /etc/passwd

  Diagnostics d;
  std::string changed = import_text(dir, d);
  INFO(changed);
  // Only the comments above the module name them; no key is written.
  CHECK(changed.find("\n    cap_add:") == std::string::npos);
  CHECK(changed.find("\n    devices:") == std::string::npos);
  CHECK(changed.find("\n    read_only:") == std::string::npos);
  CHECK(changed.find("-> no added capabilities [no-added-capabilities]") != std::string::npos);
  CHECK(changed.find("-> no host devices [no-host-devices]") != std::string::npos);
  CHECK(changed.find("[read-only-rootfs]") != std::string::npos);
}

TEST_CASE("process details: init, stdin_open, tty and extra_hosts are mapped") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n  a:\n    image: a:1\n    init: true\n    tty: true\n"
            "    stdin_open: false\n"
            "    extra_hosts: [\"db.internal:10.0.0.5\", \"v6=fd00::1\", \"x:[::1]\", \"bad host:1.2.3.4\"]\n"
            "  b:\n    image: b:1\n    extra_hosts: {cache.local: 10.0.0.6}\n");
  Diagnostics d;
  std::string spec = import_text(dir, d);
  INFO(spec);
  CHECK(spec.find("    init: true\n") != std::string::npos);
  CHECK(spec.find("    tty: true\n") != std::string::npos);
  CHECK(spec.find("stdin_open") == std::string::npos);
  CHECK(spec.find("    extra_hosts: {\"db.internal\": \"10.0.0.5\", \"v6\": \"fd00::1\", \"x\": \"::1\"}\n") !=
        std::string::npos);
  CHECK(spec.find("    extra_hosts: {\"cache.local\": \"10.0.0.6\"}\n") != std::string::npos);
  CHECK(count(d, ids::kDropped) == 1);  // "bad host"
}

TEST_CASE("tmpfs entries keep their size= option; the options gen sets itself are reported") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n  a:\n    image: a:1\n"
            "    tmpfs: [/run/mysqld, \"/tmp:size=64m,mode=1777\", \"/cache:rw,size=1g,noexec\"]\n");
  Diagnostics d;
  std::string spec = import_text(dir, d);
  INFO(spec);
  CHECK(spec.find("      - {tmpfs: \"/run/mysqld\"}\n") != std::string::npos);
  CHECK(spec.find("      - {tmpfs: \"/tmp\", size: \"64Mi\"}\n") != std::string::npos);
  CHECK(spec.find("      - {tmpfs: \"/cache\", size: \"1Gi\"}\n") != std::string::npos);
  CHECK(said(d, "tmpfs option mode is dropped"));
  CHECK(said(d, "tmpfs option rw is dropped"));
  CHECK(said(d, "tmpfs option noexec is dropped"));
  CHECK(count(d, ids::kDropped) == 3);
}

TEST_CASE("peers: a URL or host:port anywhere, a bare name only as the whole value") {
  std::map<std::string, std::string> names{{"db", "db"}, {"broker", "broker"}, {"es", "search"}};
  auto refs = gen::import::peer_references("redis://:secret@broker:6379/0", names);
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].peer == "broker");
  CHECK(refs[0].port == 6379);
  refs = gen::import::peer_references("db", names);
  REQUIRE(refs.size() == 1);
  CHECK_FALSE(refs[0].port);
  refs = gen::import::peer_references(" DB:3306 ", names);  // DNS names are case-blind
  REQUIRE(refs.size() == 1);
  CHECK(refs[0].port == 3306);
  refs = gen::import::peer_references("http://es:9200,http://es:9201;db:5432", names);
  REQUIRE(refs.size() == 3);
  CHECK(refs[0].peer == "search");
  CHECK(refs[2].peer == "db");
  // Prose that mentions a name, a port that is no port, another host.
  CHECK(gen::import::peer_references("the db is slow", names).empty());
  CHECK(gen::import::peer_references("db:http", names).empty());
  CHECK(gen::import::peer_references("db:70000", names).empty());
  CHECK(gen::import::peer_references("postgres://user@dbhost:5432/x", names).empty());
  CHECK(gen::import::peer_references("", names).empty());
  CHECK(gen::import::well_known_port("docker.io/library/postgres:16-alpine@sha256:ab") == 5432);
  CHECK(gen::import::well_known_port("redis") == 6379);
  CHECK(gen::import::well_known_port("bitnami/mariadb:11") == 3306);
  CHECK_FALSE(gen::import::well_known_port("ghcr.io/acme/postgres-backup:1"));
  CHECK_FALSE(gen::import::well_known_port("localhost:5000/app"));
}

TEST_CASE("a service its variables name is reached on Kubernetes: talks_to and the peer's port") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n"
            "  web:\n    image: web:1\n    ports: [\"8000:8000\"]\n"
            "    environment:\n      REDIS_URL: redis://broker:6379/0\n      DB_HOST: db\n"
            "      SEARCH: http://elastic:9200\n      NOTE: the db is fine\n"
            "      BLOB_HOST: blob\n"
            "    depends_on: [queue]\n"
            "  broker:\n    image: redis:7\n"
            "  db:\n    image: postgres:16\n"
            "  search:\n    image: acme/search:1\n    hostname: elastic\n"
            "  queue:\n    image: rabbitmq:3\n"
            "  blob:\n    image: acme/blob:1\n");
  Diagnostics d;
  std::string spec = import_text(dir, d);
  INFO(spec);
  CHECK(spec.find("    talks_to: [broker, db, search]\n") != std::string::npos);
  // Each peer gets the port named, else its image's usual one, not published.
  auto module = [&](const std::string& name) {
    size_t at = spec.find("\n  " + name + ":\n");
    size_t end = spec.find("\n  ", at + 3 + name.size());
    while (end != std::string::npos && spec.compare(end, 4, "\n   ") == 0) end = spec.find("\n  ", end + 1);
    return at == std::string::npos ? std::string() : spec.substr(at, end - at);
  };
  CHECK(module("broker").find("      - {container: 6379}\n") != std::string::npos);
  CHECK(module("db").find("      - {container: 5432}\n") != std::string::npos);
  CHECK(module("search").find("      - {container: 9200}\n") != std::string::npos);
  // A dependency is waited for, not talks_to; its image's port all the same.
  CHECK(module("queue").find("      - {container: 5672}\n") != std::string::npos);
  CHECK(module("blob").find("ports") == std::string::npos);
  // Named without a port, and no known image port: said, not silently left out.
  CHECK(spec.find("talks_to: [broker, db, search, blob]") == std::string::npos);
  // With a port, the peer gets a tcp health check instead of a waiver.
  CHECK(module("db").find("    health: {tcp: 5432}\n") != std::string::npos);
  CHECK(said(d, "service broker: port 6379 added (not published): web reaches it (REDIS_URL names it on this port)"));
  CHECK(said(d, "talks_to blob is dropped: web reaches blob (BLOB_HOST), which declares no port, "
                "and its image's port is not known"));
}

TEST_CASE("kernel settings: shm_size, ulimits and sysctls are mapped") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n  a:\n    image: a:1\n    shm_size: 256m\n"
            "    ulimits:\n      nofile: {soft: 1024, hard: 65536}\n      nproc: 4096\n"
            "      bogus: 1\n"
            "    sysctls: [\"net.ipv4.tcp_keepalive_time=600\", \"kernel.pid_max=10\"]\n"
            "  b:\n    image: b:1\n    shm_size: 1000\n"
            "    sysctls: {net.core.somaxconn: 1024}\n");
  Diagnostics d;
  std::string spec = import_text(dir, d);
  INFO(spec);
  CHECK(spec.find("    shm_size: 256Mi\n") != std::string::npos);
  CHECK(spec.find("    shm_size: 1000\n") != std::string::npos);
  CHECK(spec.find("    ulimits: {nofile: {soft: 1024, hard: 65536}, nproc: 4096}\n") !=
        std::string::npos);
  CHECK(spec.find("    sysctls: {net.ipv4.tcp_keepalive_time: \"600\"}\n") != std::string::npos);
  CHECK(count(d, ids::kDropped) == 2);  // bogus, kernel.pid_max
  // An unsafe sysctl: left out as a contract change, or kept under a waiver.
  CHECK(spec.find("sysctls: {net.core.somaxconn") == std::string::npos);
  CHECK(spec.find("-> left out [unsafe-sysctls]") != std::string::npos);
  Diagnostics keep_d;
  std::string keep = import_text(dir, keep_d, true);
  INFO(keep);
  CHECK(keep.find("    sysctls: {net.core.somaxconn: \"1024\"}\n") != std::string::npos);
  CHECK(keep.find("unsafe-sysctls: \"imported from compose: sysctls net.core.somaxconn=1024\"") !=
        std::string::npos);
}

TEST_CASE("anonymous volumes import as anonymous mounts, platform as platform") {
  TempDir dir;
  dir.write("compose.yaml",
            "services:\n  a:\n    image: a:1\n    platform: linux/arm64\n"
            "    volumes:\n      - /project/node_modules\n"
            "      - {type: volume, target: /var/cache/a}\n"
            "      - data:/data\n"
            "  b:\n    image: b:1\n    platform: wasi/wasm\n"
            "volumes:\n  data: {}\n");
  Diagnostics d;
  std::string spec = import_text(dir, d);
  INFO(spec);
  CHECK(spec.find("      - {anonymous: \"/project/node_modules\"}\n") != std::string::npos);
  CHECK(spec.find("      - {anonymous: \"/var/cache/a\"}\n") != std::string::npos);
  CHECK(spec.find("      - {volume: data, target: \"/data\"}\n") != std::string::npos);
  CHECK(spec.find("a-project-node-modules") == std::string::npos);  // no named volume made up
  CHECK(spec.find("    platform: \"linux/arm64\"\n") != std::string::npos);
  CHECK(spec.find("wasi") == std::string::npos);
  CHECK(count(d, ids::kDropped) == 1);  // wasi/wasm
}

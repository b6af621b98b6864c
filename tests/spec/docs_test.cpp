// docs/spec.md stays true to the code: its example loads, its key reference
// is exactly what the descriptors generate, and every key is documented.
#include <catch2/catch.hpp>
#include <fstream>
#include <functional>
#include <sstream>

#include "load_helpers.h"
#include "spec/json_schema.h"
#include "spec/schema.h"
#include "spec/schema_docs.h"
#include "spec/starter.h"

namespace spec = gen::spec;
using gen::test::load;

namespace {

std::string read(const std::string& relative) {
  std::ifstream in(std::string(GEN_SOURCE_DIR) + "/" + relative, std::ios::binary);
  REQUIRE(in);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

const char* kBegin =
    "<!-- BEGIN generated: gen schema --format markdown (do not edit by hand) -->\n\n";
const char* kEnd = "<!-- END generated -->\n";

}  // namespace

TEST_CASE("the example at the top of docs/spec.md loads cleanly", "[docs]") {
  std::string doc = read("docs/spec.md");
  size_t start = doc.find("```yaml\n");
  REQUIRE(start != std::string::npos);
  start += 8;
  size_t end = doc.find("```\n", start);
  REQUIRE(end != std::string::npos);
  auto r = load(doc.substr(start, end - start), "docs/spec.md#example");
  CHECK(r.text == "");
  REQUIRE(r.spec);
  CHECK(r.spec->modules.size() == 7);
}

TEST_CASE("the example at the top of docs/spec.md uses every key", "[docs]") {
  std::string doc = read("docs/spec.md");
  std::string example = doc.substr(0, doc.find("```\n", doc.find("```yaml\n") + 8));
  std::vector<const spec::schema::Type*> objects;
  for (const auto* t : spec::schema::Schema::get().named()) {
    objects.push_back(t);
    for (const auto& v : t->variants) objects.push_back(v.type);
  }
  for (const auto* o : objects)
    for (const auto& f : o->fields) {
      bool found = false;
      for (const char* before : {" ", "{", "\n"})
        found = found || example.find(before + f.name + ":") != std::string::npos;
      INFO("key " << f.name);
      CHECK(found);
    }
}

TEST_CASE("docs/spec.md's key reference is generated from the descriptors", "[docs]") {
  std::string doc = read("docs/spec.md");
  size_t begin = doc.find(kBegin);
  size_t end = doc.find(kEnd);
  REQUIRE(begin != std::string::npos);
  REQUIRE(end != std::string::npos);
  std::string embedded =
      doc.substr(begin + std::string(kBegin).size(), end - begin - std::string(kBegin).size());
  // To refresh: build, then replace the section with `gen schema --format markdown`
  // (scripts/bless-cases.sh --docs does it).
  CHECK(embedded == spec::schema_markdown(spec::schema::Schema::get()));
}

TEST_CASE("every key has a description and an example", "[docs]") {
  for (const auto* t : spec::schema::Schema::get().named()) {
    std::vector<const spec::schema::Type*> objects{t};
    for (const auto& v : t->variants) objects.push_back(v.type);
    for (const auto* o : objects)
      for (const auto& f : o->fields) {
        INFO(t->id << "." << f.name);
        CHECK_FALSE(f.description.empty());
        CHECK_FALSE(f.example.empty());
      }
  }
}

TEST_CASE("the JSON Schema is generated from the descriptors", "[docs]") {
  auto j = spec::json_schema(spec::schema::Schema::get());
  CHECK(j["$schema"] == "https://json-schema.org/draft/2020-12/schema");
  CHECK(j["required"] == nlohmann::ordered_json({"version", "project", "modules"}));
  CHECK(j["additionalProperties"] == false);
  CHECK(j["properties"]["version"]["const"] == 1);
  const auto& port = j["$defs"]["port"]["properties"]["container"];
  CHECK(port["minimum"] == 1);
  CHECK(port["maximum"] == 65535);
  // tmpfs anonymous own volume from config config_dir secret bind
  CHECK(j["$defs"]["mount"]["oneOf"].size() == 9);
  CHECK(j["properties"]["modules"]["propertyNames"]["pattern"] ==
        "^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$");
  // Every object in the schema closes its keys, as the loader does.
  size_t open = 0;
  std::function<void(const nlohmann::ordered_json&)> walk = [&](const nlohmann::ordered_json& n) {
    if (n.is_object()) {
      if (n.contains("properties") && n.value("additionalProperties", true) != false) ++open;
      for (const auto& [k, v] : n.items()) walk(v);
    } else if (n.is_array()) {
      for (const auto& v : n) walk(v);
    }
  };
  walk(j);
  CHECK(open == 0);
}

TEST_CASE("the starter spec loads cleanly", "[docs]") {
  auto r = load(spec::starter_spec("my-project"), "gen.yaml");
  CHECK(r.text == "");
  REQUIRE(r.spec);
  CHECK(r.spec->project.value == "my-project");
}

TEST_CASE("project names from directory names", "[docs]") {
  CHECK(spec::project_name_from("My Project") == "my-project");
  CHECK(spec::project_name_from("todo_app.v2") == "todo-app-v2");
  CHECK(spec::project_name_from("--") == "app");
  CHECK(spec::project_name_from("") == "app");
  CHECK(spec::project_name_from(std::string(80, 'x')) == std::string(63, 'x'));
}

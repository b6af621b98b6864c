// gen reads back every YAML file it renders with its own parser (libyaml,
// load/yaml_tree.h), not only with yaml-cpp (tests/template): a value the
// `yaml` filter wrote must come back the same to the verifiers too. libyaml
// is YAML 1.1: it also breaks lines at NEL, LS and PS.
#include <catch2/catch.hpp>

#include "../template/hostile_strings.h"
#include "yaml/yaml_tree.h"
#include "template/environment.h"
#include "template/text.h"

namespace {

std::string yaml_of(const std::string& s) {
  gen::tmpl::Environment env(std::make_shared<gen::tmpl::MemoryLoader>(
      std::map<std::string, std::string>{{"t", "{{ s|yaml }}"}}));
  return env.render("t", gen::tmpl::Json{{"s", s}});
}

}  // namespace

TEST_CASE("yaml filter output reads back the same with gen's own parser") {
  for (const auto& s : gen::test::hostile()) {
    std::string t = yaml_of(s);
    INFO("input " << gen::tmpl::text::repr(s) << " -> " << t);
    for (const std::string& doc : {"key: " + t + "\n", "[" + t + ", x]\n", "- " + t + "\n- x\n"}) {
      gen::Diagnostics diags;
      auto root = gen::yaml::parse_yaml("t.yaml", doc, diags);
      REQUIRE(root);
      CHECK(diags.empty());
      const gen::yaml::Node* value = root->is_mapping()
                                         ? root->find("key")
                                         : (root->items.empty() ? nullptr : &root->items[0]);
      REQUIRE(value);
      REQUIRE(value->is_scalar());
      CHECK(value->value == s);
    }
  }
}

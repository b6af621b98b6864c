// Per-file variables and their lifetimes (render/plan.h).
#include "render/plan.h"

#include <catch2/catch.hpp>

#include "util/json_ref.h"

namespace gen::render {

TEST_CASE("a value that refers into a model keeps the model alive") {
  auto model = std::make_shared<const Json>(Json{{"modules", {{"api", {{"replicas", 3}}}}}});
  std::weak_ptr<const Json> watch = model;
  Json view = {{"entry", json_ref(model->at("modules").at("api"))}};
  Local local = own_referring("k8s", std::move(view), std::move(model));
  REQUIRE(!watch.expired());  // only the local holds it now
  const Json* target = json_ref_target(local.value->at("entry"));
  REQUIRE(target != nullptr);
  CHECK(target->at("replicas") == 3);
  local = Local{};
  CHECK(watch.expired());
}

TEST_CASE("json_ref_target tells references from other nodes") {
  Json node = {{"a", 1}};
  CHECK(json_ref_target(node) == nullptr);
  CHECK(json_ref_target(Json::binary({1, 2, 3, 4, 5, 6, 7, 8})) == nullptr);  // no subtype
  CHECK(json_ref_target(json_ref(node)) == &node);
  CHECK(&json_deref(json_ref(node)) == &node);
  CHECK(&json_deref(node) == &node);
}

}  // namespace gen::render

#include <catch2/catch.hpp>

#include "render/out_paths.h"

using namespace gen::render;

TEST_CASE("relative_path walks up from the file's directory and down to the target") {
  CHECK(relative_path("api/data", ".") == "api/data");
  CHECK(relative_path("api/data", "api") == "data");
  CHECK(relative_path("waha/sessions", "api") == "../waha/sessions");
  CHECK(relative_path("../../specs/backend", ".") == "../../specs/backend");
  CHECK(relative_path("../../specs/backend", "todo-backend") == "../../../specs/backend");
  CHECK(relative_path("api", "api") == ".");
  CHECK(relative_path("/abs/path", "api") == "/abs/path");
}

TEST_CASE("relative_path shares leading .. segments and refuses unknown names") {
  // From specs/backend back into ../output-examples/todo, both seen from specs/.
  CHECK(relative_path("../output-examples/todo/api/Dockerfile", "backend") ==
        "../../output-examples/todo/api/Dockerfile");
  CHECK(relative_path("../out/api/Dockerfile", "../app") == "../out/api/Dockerfile");
  // Leaving the base further up than the target needs the name of the
  // directory above it, which a lexical computation cannot know.
  CHECK_FALSE(relative_path("../out/Dockerfile", "../../x").has_value());
  CHECK_FALSE(relative_path("relative", "/abs").has_value());
}

TEST_CASE("join_path and dot_relative normalise") {
  CHECK(join_path("../../specs", "./backend") == "../../specs/backend");
  CHECK(join_path("../../specs", ".") == "../../specs");
  CHECK(join_path(".", "a/../b") == "b");
  CHECK(join_path("x", "/etc/app.conf") == "/etc/app.conf");
  CHECK(dot_relative("api/data") == "./api/data");
  CHECK(dot_relative("../waha") == "../waha");
  CHECK(dot_relative(".") == ".");
  CHECK(dot_relative("/abs") == "/abs");
}

TEST_CASE("spec_path_from_out puts spec paths under paths.spec_dir") {
  nlohmann::ordered_json ctx = {{"paths", {{"spec_dir", "../../specs"}, {"out_dir", "../x"}}}};
  CHECK(spec_path_from_out(ctx, "./frontend") == "../../specs/frontend");
  nlohmann::ordered_json bare = nlohmann::ordered_json::object();
  CHECK(spec_path_from_out(bare, "./frontend") == "frontend");
}

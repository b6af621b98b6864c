// `manifests: []` (a standard-library-only app, examples/e2e/gen.yaml): the
// python-pip Dockerfile installs nothing, so it builds with no network and
// no pip or venv in the base image (the e2e suite builds it with Podman).
#include <catch2/catch.hpp>

#include "compose_seed_support.h"

using namespace gen::test;

TEST_CASE("python-pip with manifests: [] has no builder stage and installs nothing") {
  Scratch s;
  GenRun r = run_gen_in(GEN_SOURCE_DIR,
                        {"dockerfile", "--spec", "examples/e2e/gen.yaml", "--profile", "e2e"},
                        (s.dir / "out").string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  for (const char* m : {"api", "client"}) {
    INFO("module " << m);
    const std::string& text = r.at(std::string(m) + "/Dockerfile");
    Dockerfile df(text);
    std::vector<std::string> stages;
    for (const auto& st : df.parse.stages) stages.push_back(st.name);
    CHECK(stages == std::vector<std::string>{"sources", "runtime"});
    CHECK_FALSE(contains(text, "pip install"));
    CHECK_FALSE(contains(text, "-m venv"));
    CHECK_FALSE(contains(text, ".venv/bin"));
    CHECK(contains(text, "COPY --from=sources /src /app\n"));
    CHECK(df.last("USER") == "10001:10002");
  }
  // The module with a required variable gets gen's entrypoint.
  CHECK(Dockerfile(r.at("api/Dockerfile")).exec("ENTRYPOINT") ==
        std::vector<std::string>{"/entrypoint.sh"});
}

// Every build stack (tests/stacks/gen.yaml, one module per stack): what each
// Dockerfile must hold whatever its template says otherwise: the numeric
// USER, dependency manifests copied before the sources in the stage that
// installs them (the layer cache), the stack's build image, and the keys a
// stack reads (install, venv, serve).
#include <catch2/catch.hpp>

#include "compose_seed_support.h"

using namespace gen::test;

namespace {

// Index of the first instruction of `stage` whose arguments contain `text`.
long find_in(const gen::dockerfile::DockerStage& stage, const std::string& keyword,
             const std::string& text) {
  for (size_t i = 0; i < stage.instructions.size(); ++i)
    if (stage.instructions[i].keyword == keyword && contains(stage.instructions[i].args, text))
      return static_cast<long>(i);
  return -1;
}

}  // namespace

TEST_CASE("every stack's Dockerfile: numeric USER, manifests before sources, build image") {
  Scratch s;
  GenRun r = run_gen_in(GEN_SOURCE_DIR, {"dockerfile", "--spec", "tests/stacks/gen.yaml"},
                        (s.dir / "out").string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  struct Row {
    const char* module;
    const char* builder;   // FROM of the stage named builder ("" when none)
    const char* manifest;  // a manifest COPY that precedes the sources
  };
  const Row rows[] = {
      {"py-uv", "python:3.12-slim", "uv.lock"},
      {"py-pip", "python:3.13-slim", "requirements.txt"},
      {"go", "golang:1.23-bookworm", "go.sum"},
      {"rust", "rust:1-slim-bookworm", "Cargo.lock"},
      {"maven", "maven:3.9-eclipse-temurin-21", "pom.xml"},
      {"gradle", "gradle:8-jdk21", "build.gradle.kts"},
      {"dotnet", "mcr.microsoft.com/dotnet/sdk:8.0", "*.csproj"},
      {"ruby", "ruby:3.3-slim", "Gemfile.lock"},
      {"php", "composer:2", "composer.json"},
      {"web", "node:20-alpine", "package-lock.json"},
  };
  for (const Row& row : rows) {
    INFO("module " << row.module);
    Dockerfile df(r.at(std::string(row.module) + "/Dockerfile"));
    CHECK(df.last("USER") == "10001:10001");
    const gen::dockerfile::DockerStage* builder = nullptr;
    for (const auto& st : df.parse.stages)
      if (st.name == "builder") builder = &st;
    REQUIRE(builder);
    CHECK(contains(builder->from.args, row.builder));
    long manifest = find_in(*builder, "COPY", row.manifest);
    long sources = find_in(*builder, "COPY", "--from=sources");
    CHECK(manifest >= 0);
    // ruby's builder installs the gems only; the runtime copies the sources.
    if (std::string(row.module) == "ruby")
      CHECK(sources == -1);
    else
      CHECK(sources > manifest);
    CHECK(df.final_stage().name == "runtime");
  }
  // php without manifests has no composer stage.
  Dockerfile plain(r.at("php-plain/Dockerfile"));
  for (const auto& st : plain.parse.stages) CHECK(st.name != "builder");
}

TEST_CASE("the keys a stack reads: install, venv, serve") {
  Scratch s;
  GenRun r = run_gen_in(GEN_SOURCE_DIR, {"dockerfile", "--spec", "tests/stacks/gen.yaml"},
                        (s.dir / "out").string());
  INFO(r.err);
  REQUIRE(r.code == 0);
  // node: production by default, dev dependencies and a dev server with install: dev.
  const std::string& prod = r.at("node-prod/Dockerfile");
  const std::string& dev = r.at("node-dev/Dockerfile");
  CHECK(contains(prod, "RUN npm ci --omit=dev\n"));
  CHECK(Dockerfile(prod).exec("CMD") == std::vector<std::string>{"node", "."});
  CHECK(contains(dev, "RUN npm ci\n"));
  CHECK_FALSE(contains(dev, "--omit=dev"));
  CHECK(Dockerfile(dev).exec("CMD") == std::vector<std::string>{"npm", "run", "dev"});
  // python: /opt/venv by default (outside the workdir /app), else build.venv.
  const std::string& uv = r.at("py-uv/Dockerfile");
  CHECK(contains(uv, "UV_PROJECT_ENVIRONMENT=/opt/venv"));
  CHECK(contains(uv, "COPY --from=builder /opt/venv /opt/venv\n"));
  CHECK(contains(uv, "ENV PATH=\"/opt/venv/bin:$PATH\""));
  const std::string& pip = r.at("py-pip/Dockerfile");
  CHECK(contains(pip, "RUN python -m venv /srv/venv\n"));
  CHECK(contains(pip, "COPY --from=builder /srv/venv /srv/venv\n"));
  // serve: static copies the build output it names; php's document root.
  CHECK(contains(r.at("web/Dockerfile"), "COPY --from=builder /build/build/ ./\n"));
  CHECK(contains(r.at("php/Dockerfile"), "ENV APACHE_DOCUMENT_ROOT=/app/public"));
  CHECK(contains(r.at("php-plain/Dockerfile"), "ENV APACHE_DOCUMENT_ROOT=/app \\"));
}

#include <catch2/catch.hpp>

#include "spec_builder.h"

using namespace gen;
using namespace gen::check::testing;

namespace {

spec::Module image_module(const std::string& name, const std::string& image, int line) {
  auto m = service(name, line);
  m.image = str(image, line + 3, 12);
  return m;
}

spec::Module built(const std::string& name, int line) {
  auto m = service(name, line);
  spec::Build b;
  b.stack = str("python-uv", line + 3, 20);
  b.loc = at(line + 3, 5);
  m.build = b;
  return m;
}

spec::Profile profile(const std::string& name, int line, std::optional<std::string> tag = {}) {
  spec::Profile p;
  p.name = str(name, line, 3);
  p.loc = at(line, 3);
  if (tag) p.image_tag = str(*tag, line, 30);
  return p;
}

}  // namespace

TEST_CASE("pinned-prod-images: plain images need a tag other than latest, or a digest") {
  auto s = project();
  s.modules = {image_module("a", "postgres:15-alpine", 10), image_module("b", "postgres:latest", 20),
               image_module("c", "postgres", 30), image_module("d", "registry:5000/org/app", 40),
               image_module("e", "postgres@sha256:0123abcd", 50),
               image_module("f", "ghcr.io/org/app:${APP_TAG}", 60)};
  s.profiles = {profile("prod", 70, "v1.0.0")};
  CHECK(full(s, "pinned-prod-images") ==
        Lines{"23:12 image postgres:latest of module b is not pinned; profile prod refuses latest\n"
              "  help: pin a version tag or a digest, e.g. postgres:1.2.3 or "
              "postgres@sha256:...",
              "33:12 image postgres of module c has no tag, which means latest; profile prod "
              "refuses untagged images\n"
              "  help: pin a version tag or a digest, e.g. postgres:1.2.3 or postgres@sha256:...",
              "43:12 image registry:5000/org/app of module d has no tag, which means latest; "
              "profile prod refuses untagged images\n"
              "  help: pin a version tag or a digest, e.g. registry:5000/org/app:1.2.3 or "
              "registry:5000/org/app@sha256:..."});
}

TEST_CASE("pinned-prod-images: without a prod profile nothing is checked") {
  auto s = project();
  s.modules = {image_module("b", "postgres:latest", 20), built("api", 30)};
  s.profiles = {profile("local", 70, "latest")};
  CHECK(findings(s) == Lines{});
}

TEST_CASE("pinned-prod-images: the effective tag of built images") {
  SECTION("no tag anywhere: latest, reported at the profile") {
    auto s = project();
    s.modules = {built("api", 10), built("app", 20)};
    s.profiles = {profile("local", 60, "local"), profile("prod", 70)};
    CHECK(full(s, "pinned-prod-images") ==
          Lines{"70:3 profile prod sets no image_tag, so the built images of api, app are tagged "
                "latest\n"
                "  help: tag built images with something immutable, e.g. `image_tag: "
                "\"${GIT_SHA}\"` in the profile"});
  }
  SECTION("the profile's tag is latest") {
    auto s = project();
    s.modules = {built("api", 10)};
    s.profiles = {profile("production", 70, "latest")};
    CHECK(findings(s) == Lines{"70:30 error[pinned-prod-images]: profile production tags the "
                               "built images of api 'latest'"});
  }
  SECTION("defaults.image_tag latest, for prod and production alike, once") {
    auto s = project();
    s.defaults.image_tag = str("latest", 8, 14);
    s.modules = {built("api", 10), built("app", 20)};
    s.profiles = {profile("prod", 70), profile("production", 71)};
    CHECK(findings(s) == Lines{"8:14 error[pinned-prod-images]: defaults.image_tag 'latest' tags "
                               "the built images of api, app in profile prod, production"});
  }
  SECTION("a module's own tag wins, and is its own finding") {
    auto s = project();
    auto api = built("api", 10);
    api.image_tag = str("latest", 15, 16);
    auto app = built("app", 20);
    app.image_tag = str("v2", 25, 16);
    s.modules = {api, app};
    s.profiles = {profile("prod", 70, "${GIT_SHA}")};
    CHECK(findings(s) == Lines{"15:16 error[pinned-prod-images]: module api tags its image "
                               "'latest', which profile prod refuses"});
  }
  SECTION("a waiver removes the module from the profile's finding") {
    auto s = project();
    auto api = built("api", 10);
    api.waivers.push_back(waiver("pinned-prod-images", "rebuilt nightly on purpose", 17));
    s.modules = {api, built("app", 20)};
    s.profiles = {profile("prod", 70)};
    CHECK(findings(s) == Lines{"70:3 error[pinned-prod-images]: profile prod sets no image_tag, "
                               "so the built images of app are tagged latest"});
  }
}

TEST_CASE("base-module: a base module building from itself") {
  auto s = project();
  auto self = built("self", 40);
  self.kind = str("base", 41, 11);
  self.health.reset();
  self.build->base = str("self", 44, 30);
  auto api = built("api", 20);
  api.build->base = str("api", 24, 30);  // not a base: the loader's finding
  auto ghost = built("ghost", 50);
  ghost.build->base = str("nowhere", 54, 30);  // unknown: the loader's finding
  s.modules = {api, self, ghost};
  CHECK(full(s, "base-module") ==
        Lines{"44:30 build.base chain loops: self -> self\n"
              "  help: let the chain end at a base module built from an image (build.from)"});
}

TEST_CASE("base-module: a loop of base modules is reported once") {
  auto s = project();
  auto make_base = [](const std::string& name, const std::string& from, int line) {
    auto m = built(name, line);
    m.kind = str("base", line + 1, 11);
    m.health.reset();
    m.ports.clear();
    m.build->base = str(from, line + 4, 30);
    return m;
  };
  auto api = built("api", 10);
  api.build->base = str("b1", 14, 30);
  s.modules = {api, make_base("b1", "b2", 20), make_base("b2", "b3", 30),
               make_base("b3", "b2", 40)};
  CHECK(findings(s) == Lines{"34:30 error[base-module]: build.base chain loops: b2 -> b3 -> b2"});
  // Entered from its last module in spec order, a ring still starts at its first.
  s.modules = {make_base("b1", "b2", 20), make_base("b2", "b1", 30)};
  s.modules.insert(s.modules.begin(), make_base("b0", "b2", 5));
  CHECK(findings(s) == Lines{"24:30 error[base-module]: build.base chain loops: b1 -> b2 -> b1"});
  // A ring through a module that is not a base is the loader's finding.
  s.modules[1].kind.reset();
  CHECK(full(s, "base-module") == Lines{});
}

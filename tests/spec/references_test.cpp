#include <catch2/catch.hpp>

#include "load_helpers.h"

using gen::test::load;

TEST_CASE("references to unknown modules, networks and volumes", "[references]") {
  auto r = load(R"(version: 1
project: demo
networks: {internal: {}}
volumes: {certs: {}}
modules:
  postgres: {image: "postgres:15", mounts: [{own: data, target: /d}]}
  lib: {build: {stack: debian}}
  web:
    build: {stack: node, base: lib}
    depends_on: {postgress: healthy}
    networks: [internl, elsewhere]
    mounts:
      - {volume: cert, target: /c}
      - {from: postgre, path: data, target: /p}
      - {from: postgres, path: dta, target: /q}
profiles:
  prod: {modules: {webb: {replicas: 2}}}
)");
  CHECK_FALSE(r.spec);
  CHECK(
      r.text ==
      "spec.yaml:9:32: error[invalid-value]: modules.web.build.base: module 'lib' is not of "
      "kind base\n"
      " 9 |     build: {stack: node, base: lib}\n"
      "   |                                ^~~\n"
      "  = help: set kind: base on module 'lib'\n"
      "spec.yaml:10:18: error[unknown-reference]: modules.web.depends_on: unknown module "
      "'postgress'\n"
      " 10 |     depends_on: {postgress: healthy}\n"
      "    |                  ^~~~~~~~~\n"
      "  = help: did you mean 'postgres'?\n"
      "spec.yaml:11:16: error[unknown-reference]: modules.web.networks: unknown network 'internl'\n"
      " 11 |     networks: [internl, elsewhere]\n"
      "    |                ^~~~~~~\n"
      "  = help: did you mean 'internal'?\n"
      "spec.yaml:11:25: error[unknown-reference]: modules.web.networks: unknown network "
      "'elsewhere'\n"
      " 11 |     networks: [internl, elsewhere]\n"
      "    |                         ^~~~~~~~~\n"
      "  = help: expected one of: internal\n"
      "spec.yaml:13:18: error[unknown-reference]: modules.web.mounts: unknown volume 'cert'\n"
      " 13 |       - {volume: cert, target: /c}\n"
      "    |                  ^~~~\n"
      "  = help: did you mean 'certs'?\n"
      "spec.yaml:14:16: error[unknown-reference]: modules.web.mounts: unknown module 'postgre'\n"
      " 14 |       - {from: postgre, path: data, target: /p}\n"
      "    |                ^~~~~~~\n"
      "  = help: did you mean 'postgres'?\n"
      "spec.yaml:15:32: error[unknown-reference]: modules.web.mounts: module 'postgres' owns no "
      "directory 'dta'\n"
      " 15 |       - {from: postgres, path: dta, target: /q}\n"
      "    |                                ^~~\n"
      "  = help: did you mean 'data'?\n"
      "spec.yaml:17:20: error[unknown-reference]: profiles.prod.modules: unknown module 'webb'\n"
      " 17 |   prod: {modules: {webb: {replicas: 2}}}\n"
      "    |                    ^~~~\n"
      "  = help: did you mean 'web'?\n");
}

TEST_CASE("no networks defined", "[references]") {
  auto r = load("version: 1\nproject: demo\nmodules:\n  a: {image: x:1, networks: [net]}\n");
  CHECK(r.text ==
        "spec.yaml:4:30: error[unknown-reference]: modules.a.networks: unknown network 'net'\n"
        " 4 |   a: {image: x:1, networks: [net]}\n"
        "   |                              ^~~\n"
        "  = help: the spec defines no networks\n");
}

TEST_CASE("references are checked even when the schema found problems", "[references]") {
  auto r = load(
      "version: 1\nproject: demo\nmodules:\n  a: {image: x:1, restart: nope, "
      "depends_on: {b: healthy}}\n");
  REQUIRE(r.diags.size() == 2);
  CHECK(r.diags.items()[0].rule_id == "invalid-value");
  CHECK(r.diags.items()[1].rule_id == "unknown-reference");
}

// Schema validation through the public loader, asserting whole rendered
// diagnostics (caret included).
#include <catch2/catch.hpp>

#include "load_helpers.h"

using gen::test::load;
using gen::test::with_module;

TEST_CASE("a minimal spec loads", "[validate]") {
  auto r = load(with_module("    image: postgres:15-alpine\n"));
  CHECK(r.text == "");
  REQUIRE(r.spec);
  CHECK(r.spec->project.value == "demo");
  CHECK(r.spec->modules.size() == 1);
}

TEST_CASE("unknown keys get a did-you-mean at every depth", "[validate]") {
  auto r = load(
      "version: 1\nproject: demo\nmodles: {}\nmodules:\n  app:\n    image: x:1\n"
      "    prots: []\n    health: {livenes: {http: /x}}\n");
  CHECK_FALSE(r.spec);
  CHECK(r.text ==
        "spec.yaml:3:1: error[unknown-key]: unknown key 'modles' at the top level\n"
        " 3 | modles: {}\n"
        "   | ^~~~~~\n"
        "  = help: did you mean 'modules'?\n"
        "spec.yaml:7:5: error[unknown-key]: unknown key 'prots' in modules.app\n"
        " 7 |     prots: []\n"
        "   |     ^~~~~\n"
        "  = help: did you mean 'ports'?\n"
        "spec.yaml:8:14: error[unknown-key]: unknown key 'livenes' in modules.app.health\n"
        " 8 |     health: {livenes: {http: /x}}\n"
        "   |              ^~~~~~~\n"
        "  = help: did you mean 'liveness'?\n");
}

TEST_CASE("an unknown key without a close match lists the keys", "[validate]") {
  auto r = load(with_module("    image: x:1\n    state: {target: /d, zzz: 1}\n"));
  CHECK(r.text ==
        "spec.yaml:6:25: error[unknown-key]: unknown key 'zzz' in modules.app.state\n"
        " 6 |     state: {target: /d, zzz: 1}\n"
        "   |                         ^~~\n"
        "  = help: expected one of: target, size\n");
}

TEST_CASE("wrong types name the expected type", "[validate]") {
  auto r =
      load(with_module("    image: x:1\n    ports: {container: 80}\n    replicas: two\n"
                       "    privileged: \"true\"\n    image_tag: 1.0\n"));
  CHECK(
      r.text ==
      "spec.yaml:6:12: error[wrong-type]: modules.app.ports: expected a list, got a mapping\n"
      " 6 |     ports: {container: 80}\n"
      "   |            ^\n"
      "spec.yaml:7:15: error[wrong-type]: modules.app.replicas: expected an integer, got a string\n"
      " 7 |     replicas: two\n"
      "   |               ^~~\n"
      "spec.yaml:8:17: error[wrong-type]: modules.app.privileged: expected a boolean (true or "
      "false), got a string\n"
      " 8 |     privileged: \"true\"\n"
      "   |                 ^~~~~~\n"
      "  = help: remove the quotes: true\n"
      "spec.yaml:9:16: error[wrong-type]: modules.app.image_tag: expected a string, got a number\n"
      " 9 |     image_tag: 1.0\n"
      "   |                ^~~\n"
      "  = help: quote it to make it a string: \"1.0\"\n");
}

TEST_CASE("numbers out of range", "[validate]") {
  auto r =
      load(with_module("    image: x:1\n    ports: [{container: 0, host: 65536}]\n"
                       "    user: {uid: 2147483648, gid: -1}\n"
                       "    replicas: 99999999999999999999999\n"));
  CHECK(r.text ==
        "spec.yaml:6:25: error[out-of-range]: modules.app.ports[0].container: 0 is out of range "
        "(1-65535)\n"
        " 6 |     ports: [{container: 0, host: 65536}]\n"
        "   |                         ^\n"
        "spec.yaml:6:34: error[out-of-range]: modules.app.ports[0].host: 65536 is out of range "
        "(1-65535)\n"
        " 6 |     ports: [{container: 0, host: 65536}]\n"
        "   |                                  ^~~~~\n"
        "spec.yaml:7:17: error[out-of-range]: modules.app.user.uid: 2147483648 is out of range "
        "(0-2147483647)\n"
        " 7 |     user: {uid: 2147483648, gid: -1}\n"
        "   |                 ^~~~~~~~~~\n"
        "spec.yaml:7:34: error[out-of-range]: modules.app.user.gid: -1 is out of range "
        "(0-2147483647)\n"
        " 7 |     user: {uid: 2147483648, gid: -1}\n"
        "   |                                  ^~\n"
        "spec.yaml:8:15: error[out-of-range]: modules.app.replicas: 99999999999999999999999 is "
        "out of range (0-1000)\n"
        " 8 |     replicas: 99999999999999999999999\n"
        "   |               ^~~~~~~~~~~~~~~~~~~~~~~\n");
}

TEST_CASE("uid 0 passes the schema (the rules refuse it)", "[validate]") {
  auto r = load(with_module("    image: x:1\n    user: {uid: 0, gid: 0}\n"));
  CHECK(r.text == "");
  REQUIRE(r.spec);
  CHECK(r.spec->modules[0].user->uid->value == 0);
}

TEST_CASE("bad names", "[validate]") {
  auto r = load(
      "version: 1\nproject: My_Project\nmodules:\n  Web:\n    image: x:1\n"
      "  " +
      std::string(64, 'a') + ":\n    image: x:1\n");
  CHECK(r.text ==
        "spec.yaml:2:10: error[invalid-name]: project: 'My_Project' is not a valid name\n"
        " 2 | project: My_Project\n"
        "   |          ^~~~~~~~~~\n"
        "  = help: use lowercase letters, digits and '-', starting and ending with a letter or "
        "digit, at most 63 characters (a DNS-1123 label)\n"
        "spec.yaml:4:3: error[invalid-name]: modules: invalid module name 'Web'\n"
        " 4 |   Web:\n"
        "   |   ^~~\n"
        "  = help: use lowercase letters, digits and '-', starting and ending with a letter or "
        "digit, at most 63 characters (a DNS-1123 label)\n"
        "spec.yaml:6:3: error[invalid-name]: modules: invalid module name "
        "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa...'\n"
        " 6 |   " +
            std::string(64, 'a') +
            ":\n"
            "   |   ^" +
            std::string(63, '~') +
            "\n"
            "  = help: use lowercase letters, digits and '-', starting and ending with a letter or "
            "digit, at most 63 characters (a DNS-1123 label)\n");
}

TEST_CASE("bad enum values list the allowed ones", "[validate]") {
  auto r = load(with_module("    image: x:1\n    restart: allways\n"));
  CHECK(r.text ==
        "spec.yaml:6:14: error[invalid-value]: modules.app.restart: 'allways' is not one of: no, "
        "always, on-failure, unless-stopped\n"
        " 6 |     restart: allways\n"
        "   |              ^~~~~~~\n"
        "  = help: did you mean 'always'?\n");
}

TEST_CASE("durations", "[validate]") {
  auto r = load(with_module("    image: x:1\n    stop_grace: 30\n    drain: 30 s\n"));
  CHECK(r.text ==
        "spec.yaml:6:17: error[wrong-type]: modules.app.stop_grace: expected a duration such as "
        "30s, got an integer\n"
        " 6 |     stop_grace: 30\n"
        "   |                 ^~\n"
        "  = help: add a unit, e.g. 30s\n"
        "spec.yaml:7:12: error[invalid-value]: modules.app.drain: '30 s' is not a valid duration\n"
        " 7 |     drain: 30 s\n"
        "   |            ^~~~\n"
        "  = help: use a number and a unit (ms, s, m, h), e.g. 30s, 1m30s or 500ms\n");
}

TEST_CASE("missing required keys point at the owning key", "[validate]") {
  auto r =
      load("version: 1\nmodules:\n  app:\n    build: {context: .}\n    ports:\n      - host: 80\n");
  CHECK(r.text ==
        "spec.yaml:1:1: error[missing-key]: missing required key 'project' at the top level\n"
        " 1 | version: 1\n"
        "   | ^\n"
        "spec.yaml:4:5: error[missing-key]: missing key 'stack' or 'dockerfile' in modules.app.build\n"
        " 4 |     build: {context: .}\n"
        "   |     ^~~~~\n"
        "  = help: give stack: NAME (gen writes the Dockerfile) or dockerfile: PATH (yours)\n"
        "spec.yaml:6:9: error[missing-key]: missing required key 'container' in "
        "modules.app.ports[0]\n"
        " 6 |       - host: 80\n"
        "   |         ^\n");
}

TEST_CASE("version other than 1 stops after saying so", "[validate]") {
  auto r = load("version: 2\nproject: demo\nwhatever: {}\n");
  CHECK(
      r.text ==
      "spec.yaml:1:10: error[spec-version]: unsupported spec version 2; this gen reads version 1\n"
      " 1 | version: 2\n"
      "   |          ^\n"
      "  = help: set version: 1, or use a gen release that reads version 2\n");
}

TEST_CASE("a quoted version is a wrong type", "[validate]") {
  auto r = load("version: \"1\"\nproject: demo\nmodules: {app: {image: x:1}}\n");
  CHECK(r.text ==
        "spec.yaml:1:10: error[wrong-type]: version: expected an integer, got a string\n"
        " 1 | version: \"1\"\n"
        "   |          ^~~\n"
        "  = help: remove the quotes: 1\n");
}

TEST_CASE("the top level must be a mapping", "[validate]") {
  auto r = load("- a\n- b\n");
  CHECK(r.text ==
        "spec.yaml:1:1: error[wrong-type]: the spec: expected a mapping, got a list\n"
        " 1 | - a\n"
        "   | ^\n");
}

TEST_CASE("mount kinds: none, two, a typo", "[validate]") {
  auto r =
      load(with_module("    image: x:1\n    mounts:\n      - {target: /a}\n"
                       "      - {tmpfs: /t, own: data}\n      - {volum: v, target: /v}\n"));
  CHECK(r.text ==
        "spec.yaml:7:10: error[missing-key]: modules.app.mounts[0]: expected one of the keys "
        "tmpfs, anonymous, own, volume, from, config, config_dir, secret, bind\n"
        " 7 |       - {target: /a}\n"
        "   |          ^~~~~~\n"
        "spec.yaml:8:21: error[conflicting-keys]: modules.app.mounts[1]: 'tmpfs' and 'own' cannot "
        "be combined\n"
        " 8 |       - {tmpfs: /t, own: data}\n"
        "   |                     ^~~\n"
        "  = help: give exactly one of: tmpfs, anonymous, own, volume, from, config, config_dir, "
        "secret, bind\n"
        "spec.yaml:9:10: error[missing-key]: modules.app.mounts[2]: expected one of the keys "
        "tmpfs, anonymous, own, volume, from, config, config_dir, secret, bind\n"
        " 9 |       - {volum: v, target: /v}\n"
        "   |          ^~~~~\n"
        "  = help: did you mean 'volume' instead of 'volum'?\n");
}

TEST_CASE("env values: scalar or a mapping saying one thing", "[validate]") {
  auto r = load(
      with_module("    image: x:1\n    env:\n      A: 1\n      B: true\n"
                  "      C: [x]\n      D: {secret: false}\n      E: {secret: true, default: x}\n"
                  "      F: {description: nothing}\n      G: {build: true, secret: true}\n"));
  CHECK(r.text ==
        "spec.yaml:9:10: error[wrong-type]: modules.app.env.C: expected a value or a mapping, got "
        "a list\n"
        " 9 |       C: [x]\n"
        "   |          ^\n"
        "spec.yaml:10:19: error[invalid-value]: modules.app.env.D.secret can only be true\n"
        " 10 |       D: {secret: false}\n"
        "    |                   ^~~~~\n"
        "  = help: leave the key out instead of setting it to false\n"
        "spec.yaml:11:25: error[conflicting-keys]: modules.app.env.E: 'secret' and 'default' "
        "cannot be combined\n"
        " 11 |       E: {secret: true, default: x}\n"
        "    |                         ^~~~~~~\n"
        "  = help: a variable is one of: value, default, required, from_host, secret or optional\n"
        "spec.yaml:12:11: error[missing-key]: modules.app.env.F: say what the variable is\n"
        " 12 |       F: {description: nothing}\n"
        "    |           ^~~~~~~~~~~\n"
        "  = help: add one of value, default, required, from_host, secret, optional or build\n"
        "spec.yaml:13:24: error[conflicting-keys]: modules.app.env.G: 'build' and 'secret' cannot "
        "be combined\n"
        " 13 |       G: {build: true, secret: true}\n"
        "    |                        ^~~~~~\n"
        "  = help: build-time values end up in image layers; pass secrets at run time\n");
}

TEST_CASE("image and build: both or neither", "[validate]") {
  auto r = load(
      "version: 1\nproject: demo\nmodules:\n  a: {image: x:1, build: {stack: node}}\n"
      "  b: {ports: []}\n  c: {kind: base, image: x:1}\n");
  CHECK(r.text ==
        "spec.yaml:4:19: error[conflicting-keys]: modules.a: 'image' and 'build' cannot be "
        "combined\n"
        " 4 |   a: {image: x:1, build: {stack: node}}\n"
        "   |                   ^~~~~\n"
        "  = help: run a ready image with image, or build one with build (build.image names it)\n"
        "spec.yaml:5:3: error[missing-key]: missing key 'image' or 'build' in modules.b\n"
        " 5 |   b: {ports: []}\n"
        "   |   ^\n"
        "  = help: run a ready image with image: NAME:TAG, or build one with build: {stack: ...}\n"
        "spec.yaml:6:3: error[missing-key]: missing required key 'build' in modules.c\n"
        " 6 |   c: {kind: base, image: x:1}\n"
        "   |   ^\n"
        "  = help: a module of kind base is an image other modules build FROM\n");
}

TEST_CASE("health shorthand and check cannot be combined", "[validate]") {
  auto r = load(with_module("    image: x:1\n    health: {http: /a, check: {tcp: 80}}\n"));
  CHECK(r.text ==
        "spec.yaml:6:24: error[conflicting-keys]: modules.app.health: 'check' and the shorthand "
        "'http' cannot be combined\n"
        " 6 |     health: {http: /a, check: {tcp: 80}}\n"
        "   |                        ^~~~~\n"
        "  = help: give the probe once\n");
}

TEST_CASE("merge keys are explained", "[validate]") {
  auto r = load(with_module("    image: x:1\n    <<: {restart: always}\n"));
  CHECK(r.text ==
        "spec.yaml:6:5: error[unknown-key]: unknown key '<<' in modules.app\n"
        " 6 |     <<: {restart: always}\n"
        "   |     ^~\n"
        "  = help: YAML merge keys (<<) are not supported; use defaults or repeat the keys\n");
}

TEST_CASE("empty values: refused unless the type says all defaults", "[validate]") {
  auto r = load(
      "version: 1\nproject: demo\nvolumes:\n  data:\nnetworks: {net: }\nmodules:\n"
      "  app:\n    image: x:1\n    health:\n");
  CHECK(r.text ==
        "spec.yaml:9:5: error[wrong-type]: modules.app.health: expected a mapping, got null\n"
        " 9 |     health:\n"
        "   |     ^~~~~~\n");
}

TEST_CASE("all errors of the stage are reported, sorted by position", "[validate]") {
  auto r = load(
      "version: 1\nproject: demo\nmodules:\n  b: {image: x:1, depends_on: {zz: healthy}}\n"
      "  a: {image: x:1, restart: nope}\n");
  CHECK(r.diags.size() == 2);
  CHECK(r.diags.items()[0].range.begin.line == 4);
  CHECK(r.diags.items()[1].range.begin.line == 5);
}

TEST_CASE("a UTF-8 BOM and CRLF line endings read like plain LF text", "[validate]") {
  auto r = load(
      "\xEF\xBB\xBFversion: 1\r\nproject: demo\r\nmodules:\r\n  app: {image: x:1, restart: "
      "nope}\r\n");
  CHECK(r.text ==
        "spec.yaml:4:30: error[invalid-value]: modules.app.restart: 'nope' is not one of: no, "
        "always, on-failure, unless-stopped\n"
        " 4 |   app: {image: x:1, restart: nope}\n"
        "   |                              ^~~~\n"
        "  = help: did you mean 'no'?\n");
}

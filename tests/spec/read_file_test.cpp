#include "yaml/read_file.h"

#include <sys/stat.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <cstdio>
#include <fstream>
#include <string>

#include "load/load_spec.h"

using namespace gen;

namespace {

// A scratch directory under the build tree's temp, removed by the OS
// eventually; names are per-process so parallel runs do not collide.
std::string scratch(const std::string& name) {
  std::string dir = "/tmp/gen-spec-tests-" + std::to_string(::getpid());
  ::mkdir(dir.c_str(), 0700);
  return dir + "/" + name;
}

void write(const std::string& path, const std::string& text) {
  std::ofstream(path, std::ios::binary) << text;
}

}  // namespace

TEST_CASE("a missing file is an io-error naming it", "[read]") {
  Diagnostics diags;
  CHECK_FALSE(yaml::read_spec_file("/nonexistent/gen.yaml", diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].rule_id == "io-error");
  CHECK(diags.items()[0].range.begin.file == "/nonexistent/gen.yaml");
  CHECK(diags.items()[0].message == "cannot open the spec: No such file or directory");
  CHECK(load::is_io_error(diags));
}

TEST_CASE("a directory is an io-error", "[read]") {
  Diagnostics diags;
  CHECK_FALSE(yaml::read_spec_file("/tmp", diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].message == "the spec path is a directory, not a file");
  CHECK(load::is_io_error(diags));
}

TEST_CASE("a FIFO is refused without blocking", "[read]") {
  std::string path = scratch("fifo");
  ::unlink(path.c_str());
  REQUIRE(::mkfifo(path.c_str(), 0600) == 0);
  Diagnostics diags;
  CHECK_FALSE(yaml::read_spec_file(path, diags));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].message == "the spec is not a regular file");
  ::unlink(path.c_str());
}

TEST_CASE("a file over the limit is an input-limit finding, not an io-error", "[read]") {
  std::string path = scratch("big.yaml");
  write(path, std::string(2000, 'a'));
  Diagnostics diags;
  CHECK_FALSE(yaml::read_spec_file(path, diags, 1024));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].rule_id == "input-limit");
  CHECK(diags.items()[0].message == "the spec is too large (2000 bytes; the limit is 1024 bytes)");
  CHECK_FALSE(load::is_io_error(diags));
  // At the limit is fine.
  Diagnostics ok;
  auto text = yaml::read_spec_file(path, ok, 2000);
  REQUIRE(text);
  CHECK(text->size() == 2000);
  ::unlink(path.c_str());
}

TEST_CASE("load_spec reads a file and names it in positions", "[read]") {
  std::string path = scratch("spec.yaml");
  write(path, "version: 1\nproject: demo\nmodules: {a: {image: x:1, restart: nope}}\n");
  Diagnostics diags;
  SourceFiles sources;
  CHECK_FALSE(load::load_spec(path, diags, sources));
  REQUIRE(diags.size() == 1);
  CHECK(diags.items()[0].range.begin.file == path);
  CHECK(sources.line(path, 3) ==
        std::optional<std::string>("modules: {a: {image: x:1, restart: nope}}"));
  ::unlink(path.c_str());
}

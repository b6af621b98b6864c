// Hostile input through the in-memory loader: each must fail with one
// positioned finding naming the file, quickly (the CLI-level twins, with exit
// codes and ctest timeouts, are in tests/spec/hostile.sh).
#include <catch2/catch.hpp>
#include <ctime>
#include <random>

#include "load_helpers.h"

using gen::test::load;

namespace {

struct Timed {
  gen::test::Loaded loaded;
  double seconds;  // CPU time: wall time on a shared machine measures the neighbours
};

Timed timed_load(const std::string& text) {
  std::clock_t start = std::clock();
  auto loaded = load(text, "hostile.yaml");
  double took = static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC;
  return Timed{std::move(loaded), took};
}

void expect_rejected(const Timed& t, const std::string& rule) {
  CHECK_FALSE(t.loaded.spec);
  REQUIRE_FALSE(t.loaded.diags.empty());
  CHECK(t.loaded.diags.items()[0].rule_id == rule);
  CHECK(t.loaded.diags.items()[0].range.begin.file == "hostile.yaml");
  CHECK(t.loaded.text.rfind("hostile.yaml", 0) == 0);
  // Generous against a loaded machine and sanitizers; typical runs take
  // milliseconds.
  CHECK(t.seconds < 1.0);
  CHECK(t.loaded.text.size() < 4096);  // never echoes megabytes
}

}  // namespace

TEST_CASE("hostile: invalid UTF-8", "[hostile]") {
  expect_rejected(timed_load("version: 1\nproject: \xff\xfe\n"), "encoding");
}

TEST_CASE("hostile: NUL bytes", "[hostile]") {
  expect_rejected(timed_load(std::string("version: 1\nproject: a\0b\n", 24)), "encoding");
}

TEST_CASE("hostile: random bytes", "[hostile]") {
  std::mt19937 rng(42);
  std::string text(1 << 20, '\0');
  for (auto& c : text) c = static_cast<char>(rng() & 0xff);
  expect_rejected(timed_load(text), "encoding");
}

TEST_CASE("hostile: random printable ASCII", "[hostile]") {
  std::mt19937 rng(7);
  std::string text(1 << 20, ' ');
  for (auto& c : text) c = static_cast<char>(0x20 + rng() % 95);
  auto t = timed_load(text);
  CHECK_FALSE(t.loaded.spec);
  CHECK(t.seconds < 1.0);
  CHECK(t.loaded.text.size() < 16384);
}

TEST_CASE("hostile: nesting 100000 deep", "[hostile]") {
  expect_rejected(timed_load("modules: " + std::string(100000, '[')), "input-limit");
  std::string blocks;
  for (int i = 0; i < 100000; ++i) blocks += "- ";
  expect_rejected(timed_load(blocks + "x\n"), "input-limit");
}

TEST_CASE("hostile: alias bomb", "[hostile]") {
  std::string text = "a: &a [lol,lol,lol,lol,lol,lol,lol,lol,lol]\n";
  for (char c = 'b'; c <= 'i'; ++c) {
    text += std::string(1, c) + ": &" + c + " [";
    for (int i = 0; i < 9; ++i) text += std::string(i ? "," : "") + "*" + static_cast<char>(c - 1);
    text += "]\n";
  }
  expect_rejected(timed_load(text), "input-limit");
}

TEST_CASE("hostile: a 1 MB scalar where a name goes", "[hostile]") {
  auto t = timed_load("version: 1\nproject: " + std::string(1 << 20, 'a') +
                      "\nmodules: {a: {image: x:1}}\n");
  expect_rejected(t, "invalid-name");
}

#include "dockerfile/parse.h"

#include <catch2/catch.hpp>

#include "render/dockerfile_quote.h"

using namespace gen::dockerfile;

TEST_CASE("instructions: continuations joined, comments inside them dropped, stages split") {
  auto df = parse_dockerfile(
      "# syntax=docker/dockerfile:1\n"
      "ARG BASE=debian\n"
      "FROM python:3.12-slim AS builder\n"
      "RUN apt-get update \\\n"
      "    # a comment inside the continuation\n"
      "\n"
      "    && rm -rf /var/lib/apt/lists/*\n"
      "  from base-debian:latest as runtime\n"
      "USER 1000:1001\n"
      "CMD [\"python\", \"-m\", \"app\"]\n");
  REQUIRE(df.before_first_from.size() == 1);
  CHECK(df.before_first_from[0].keyword == "ARG");
  REQUIRE(df.stages.size() == 2);
  CHECK(df.stages[0].name == "builder");
  CHECK(df.stages[0].from.line == 3);
  REQUIRE(df.stages[0].instructions.size() == 1);
  CHECK(df.stages[0].instructions[0].args == "apt-get update     && rm -rf /var/lib/apt/lists/*");
  CHECK(df.stages[1].name == "runtime");
  CHECK(df.stages[1].from.line == 8);
  CHECK(df.stages[1].from.column == 3);
  REQUIRE(df.stages[1].instructions.size() == 2);
  CHECK(df.stages[1].instructions[0].keyword == "USER");
  CHECK(df.stages[1].instructions[0].line == 9);
  CHECK(df.stages[1].instructions[1].keyword == "CMD");
}

TEST_CASE("JSON exec form is an array of strings, anything else is shell form") {
  CHECK(json_args("[\"a\", \"b c\"]") == std::vector<std::string>{"a", "b c"});
  CHECK(json_args("[\"caf\\u00e9\"]") == std::vector<std::string>{"caf\xc3\xa9"});
  CHECK_FALSE(json_args("python -m app").has_value());
  CHECK_FALSE(json_args("['a']").has_value());
  CHECK_FALSE(json_args("[1, 2]").has_value());
}

TEST_CASE("key=value words unquote like Docker, and gen's quoting round-trips") {
  auto kv = key_values("A=1 B=\"two words\" C='x y' D", false);
  REQUIRE(kv.size() == 4);
  CHECK(kv[0] == std::make_pair(std::string("A"), std::optional<std::string>("1")));
  CHECK(kv[1].second == "two words");
  CHECK(kv[2].second == "x y");
  CHECK(kv[3].first == "D");
  CHECK_FALSE(kv[3].second.has_value());
  auto legacy = key_values("PATH /usr/bin:/bin", true);
  REQUIRE(legacy.size() == 1);
  CHECK(legacy[0].second == "/usr/bin:/bin");
  for (std::string hostile : {"a\"b", "back\\slash", "$HOME and ${X}", "caf\xc3\xa9 #1: 'q'", "",
                              "  spaced  ", "trailing\\"}) {
    auto back = key_values("K=" + gen::render::dockerfile_quote(hostile), true);
    REQUIRE(back.size() == 1);
    CHECK(back[0].second == hostile);
  }
}

TEST_CASE("leading --options are split from the rest") {
  auto [opts, rest] = split_options("--interval=30s --timeout=5s CMD [\"true\"]");
  REQUIRE(opts.size() == 2);
  CHECK(opts[0] == std::make_pair(std::string("interval"), std::string("30s")));
  CHECK(rest == "CMD [\"true\"]");
}

TEST_CASE("instructions: CRLF, blanks after the escape, blank lines, a continuation at the end") {
  auto df = parse_dockerfile(
      "FROM a AS b  \r\n"
      "   \t\n"
      "run echo a \\ \t\r\n"
      "  # c\r\n"
      "\r\n"
      "  b\r\n"
      "USER 1\\");
  REQUIRE(df.stages.size() == 1);
  CHECK(df.stages[0].from.args == "a AS b");
  CHECK(df.stages[0].name == "b");
  REQUIRE(df.stages[0].instructions.size() == 2);
  const auto& run = df.stages[0].instructions[0];
  CHECK(run.keyword == "RUN");
  CHECK(run.args == "echo a   b");
  CHECK(run.line == 3);
  CHECK(run.column == 1);
  const auto& user = df.stages[0].instructions[1];
  CHECK(user.keyword == "USER");
  CHECK(user.args == "1");
  CHECK(user.line == 7);
}

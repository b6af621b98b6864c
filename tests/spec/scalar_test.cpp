#include "yaml/scalar.h"

#include <catch2/catch.hpp>

using namespace gen::yaml;

TEST_CASE("plain scalars are typed by the YAML 1.2 core schema", "[scalar]") {
  CHECK(plain_scalar_type("") == ScalarType::Null);
  CHECK(plain_scalar_type("~") == ScalarType::Null);
  CHECK(plain_scalar_type("null") == ScalarType::Null);
  CHECK(plain_scalar_type("NULL") == ScalarType::Null);
  CHECK(plain_scalar_type("true") == ScalarType::Bool);
  CHECK(plain_scalar_type("False") == ScalarType::Bool);
  CHECK(plain_scalar_type("8000") == ScalarType::Int);
  CHECK(plain_scalar_type("-12") == ScalarType::Int);
  CHECK(plain_scalar_type("0x1F") == ScalarType::Int);
  CHECK(plain_scalar_type("0o17") == ScalarType::Int);
  CHECK(plain_scalar_type("3.13") == ScalarType::Float);
  CHECK(plain_scalar_type("1e3") == ScalarType::Float);
  CHECK(plain_scalar_type(".inf") == ScalarType::Float);
  CHECK(plain_scalar_type("-.inf") == ScalarType::Float);
  CHECK(plain_scalar_type(".nan") == ScalarType::Float);
  // YAML 1.1 spellings are strings in 1.2.
  CHECK(plain_scalar_type("yes") == ScalarType::String);
  CHECK(plain_scalar_type("no") == ScalarType::String);
  CHECK(plain_scalar_type("on") == ScalarType::String);
  CHECK(plain_scalar_type("0755x") == ScalarType::String);
  CHECK(plain_scalar_type("1.2.3") == ScalarType::String);
  CHECK(plain_scalar_type("e3") == ScalarType::String);
  CHECK(plain_scalar_type("+") == ScalarType::String);
  CHECK(plain_scalar_type("-0x1F") == ScalarType::String);
}

TEST_CASE("quoted scalars are always strings", "[scalar]") {
  Node n;
  n.kind = Node::Kind::Scalar;
  n.value = "8000";
  n.quoted = true;
  CHECK(scalar_type(n) == ScalarType::String);
  n.quoted = false;
  CHECK(scalar_type(n) == ScalarType::Int);
  CHECK(std::string(describe_kind(n)) == "an integer");
}

TEST_CASE("parse_int handles bases, signs and overflow", "[scalar]") {
  int64_t v = 0;
  CHECK(parse_int("65535", v) == IntParse::Ok);
  CHECK(v == 65535);
  CHECK(parse_int("-1", v) == IntParse::Ok);
  CHECK(v == -1);
  CHECK(parse_int("+7", v) == IntParse::Ok);
  CHECK(v == 7);
  CHECK(parse_int("0x10", v) == IntParse::Ok);
  CHECK(v == 16);
  CHECK(parse_int("0o10", v) == IntParse::Ok);
  CHECK(v == 8);
  CHECK(parse_int("9223372036854775807", v) == IntParse::Ok);
  CHECK(v == INT64_MAX);
  CHECK(parse_int("-9223372036854775808", v) == IntParse::Ok);
  CHECK(v == INT64_MIN);
  CHECK(parse_int("9223372036854775808", v) == IntParse::Overflow);
  CHECK(parse_int("99999999999999999999999999", v) == IntParse::Overflow);
  CHECK(parse_int("0o8", v) == IntParse::NotInt);
  CHECK(parse_int("0x", v) == IntParse::NotInt);
  CHECK(parse_int("12a", v) == IntParse::NotInt);
  CHECK(parse_int("", v) == IntParse::NotInt);
}

TEST_CASE("quote_for_message escapes and shortens", "[scalar]") {
  CHECK(quote_for_message("abc") == "'abc'");
  CHECK(quote_for_message("a\nb\tc\x01") == "'a\\nb\\tc\\x01'");
  CHECK(quote_for_message(std::string(50, 'x'), 5) == "'xxxxx...'");
  // Cut on a character boundary: é is two bytes.
  CHECK(quote_for_message("\xC3\xA9\xC3\xA9\xC3\xA9", 2) == "'\xC3\xA9\xC3\xA9...'");
}

// A JSON object whose members are built when a reader asks for them, not
// all at once: each module's part of the render context. A template that
// loops over every module to print a few of its fields (CONTRACT.md does so
// some thirty times) then builds just those fields, and nothing stays built
// after the loop; building or caching whole modules made a 10,000-module
// project either hold them all or build each again per loop (bench/README.md,
// issue 17). The object's keys and their order are fixed by the source, so
// a reader sees the same object as the one json_materialized() builds.
//
// Carried in the context as a binary node (util/json_address.h); the
// template engine reads it as a dict (tmpl::Value::json). The source must
// outlive every reader, and value() must be safe to call from several
// threads at once.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace gen {

inline constexpr std::uint64_t kJsonViewSubtype = 0x67656e76;  // "genv"

class JsonFields {
 public:
  virtual ~JsonFields() = default;
  virtual size_t size() const = 0;
  virtual const std::string& key(size_t i) const = 0;
  // The value of member i: built now, or kept from an earlier read (the
  // source decides what it keeps).
  virtual std::shared_ptr<const nlohmann::ordered_json> value(size_t i) const = 0;

  // Every member, in order: the plain object.
  nlohmann::ordered_json object() const;
};

// The node standing for `fields` (which must outlive it and every reader).
nlohmann::ordered_json json_view(const JsonFields& fields);
// The source `j` stands for, or nullptr when `j` is not such a node.
const JsonFields* json_view_target(const nlohmann::ordered_json& j);

}  // namespace gen

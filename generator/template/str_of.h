// str(v) for reading, without a copy when v is already a string: filters
// that only read their input's text view a string value in place and convert
// anything else (numbers, lists, ...) as Python's str() would.
#pragma once

#include <string>
#include <string_view>

#include "template/value.h"
#include "template/value_ops.h"

namespace gen::tmpl {

class StrOf {
 public:
  StrOf() = default;  // ""
  explicit StrOf(const Value& v) {
    if (v.is_string()) {
      view_ = v.str();
    } else {
      owned_ = ops::to_str(v);
      view_ = owned_;
    }
  }
  StrOf(const StrOf&) = delete;
  StrOf& operator=(const StrOf&) = delete;
  operator std::string_view() const { return view_; }

 private:
  std::string owned_;
  std::string_view view_;
};

}  // namespace gen::tmpl

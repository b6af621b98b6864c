// The name of a file as positions carry it. Every node of every parsed tree
// has a position, so names are interned: copying a FileName copies a
// pointer, and equal names share one string for the life of the process
// (there are few distinct names: the spec, templates, rendered files).
#pragma once

#include <ostream>
#include <string>

namespace gen {

class FileName {
 public:
  FileName() = default;               // ""
  FileName(const std::string& name);  // NOLINT: implicit, names are written as strings
  FileName(const char* name);         // NOLINT

  const std::string& str() const { return name_ ? *name_ : empty_name(); }
  operator const std::string&() const { return str(); }  // NOLINT
  bool empty() const { return name_ == nullptr; }
  const char* c_str() const { return str().c_str(); }

  // Interned: the same name is the same pointer.
  friend bool operator==(FileName a, FileName b) { return a.name_ == b.name_; }
  friend bool operator!=(FileName a, FileName b) { return a.name_ != b.name_; }
  friend bool operator<(FileName a, FileName b) { return a.name_ != b.name_ && a.str() < b.str(); }

 private:
  static const std::string* intern(const std::string& name);
  static const std::string& empty_name();
  const std::string* name_ = nullptr;  // nullptr: ""
};

inline std::string operator+(const FileName& a, const std::string& b) { return a.str() + b; }
inline std::string operator+(const std::string& a, const FileName& b) { return a + b.str(); }
inline std::string operator+(const FileName& a, const char* b) { return a.str() + b; }
inline std::string operator+(const char* a, const FileName& b) { return a + b.str(); }
inline std::string operator+(const FileName& a, char b) { return a.str() + b; }
inline std::ostream& operator<<(std::ostream& out, const FileName& f) { return out << f.str(); }

}  // namespace gen

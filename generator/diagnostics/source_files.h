// The texts diagnostics point into, so a renderer can print the source line.
// Passed explicitly (no global registry): whoever loads a file records it.
#pragma once

#include <map>
#include <optional>
#include <string>

namespace gen {

class SourceFiles {
 public:
  void add(const std::string& name, std::string text) { texts_[name] = std::move(text); }
  // Takes every text of `other` (a thread's own record), replacing same names.
  void merge(SourceFiles&& other) {
    for (auto& [name, text] : other.texts_) texts_[name] = std::move(text);
  }
  // The 1-based line `line` of `name` without its newline, if known.
  std::optional<std::string> line(const std::string& name, int line) const;

 private:
  std::map<std::string, std::string> texts_;
};

}  // namespace gen

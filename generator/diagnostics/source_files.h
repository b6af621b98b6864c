// The texts diagnostics point into, so a renderer can print the source line.
// Passed explicitly (no global registry): whoever loads a file records it.
// Each text's line starts are indexed once, when it is added, so printing
// the line of every one of N diagnostics costs O(N log lines), not O(N x
// file size) (100,000 findings in one spec took minutes when every lookup
// counted lines from the start).
#pragma once

#include <cstddef>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gen {

class SourceFiles {
 public:
  void add(const std::string& name, std::string text);
  bool has(const std::string& name) const { return texts_.count(name) > 0; }
  // Takes every text of `other` (a thread's own record), replacing same names.
  void merge(SourceFiles&& other);
  // The 1-based line `line` of `name` without its newline (nor a '\r'
  // before it), if known.
  std::optional<std::string> line(const std::string& name, int line) const;
  // Bytes examined to find line starts, over all texts ever added: the work
  // line() depends on (the tests pin that it is the size of the texts, once).
  size_t bytes_indexed() const { return bytes_indexed_; }

 private:
  struct Text {
    std::string text;
    std::vector<size_t> line_starts;  // offset of each line; [0] is 0
  };
  std::map<std::string, Text> texts_;
  size_t bytes_indexed_ = 0;
};

}  // namespace gen

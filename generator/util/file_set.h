// The in-memory result of rendering (render makes it; verify, emit and check
// read it): relative output path -> bytes. Sorted by
// path (std::map) so every later stage walks it in a deterministic order.
#pragma once

#include <cerrno>
#include <cstring>
#include <map>
#include <memory>
#include <stdexcept>
#include <string>
#include <utility>

#include "util/text_spill.h"

namespace gen {

struct OutputFile {
  OutputFile() = default;
  OutputFile(std::string text, std::string from)
      : content(std::move(text)), template_name(std::move(from)) {}

  std::string content;        // the text; empty while it waits in a spill
  std::string template_name;  // what produced it, for verify diagnostics
  // Where the text waits on a large project (util/text_spill.h), if it
  // does, until it is written or compared: text_of() reads it back.
  std::shared_ptr<const TextSpill> spill;
  TextSpill::Ref spilled;
};

using FileSet = std::map<std::string, OutputFile>;

// The size of the file's text.
inline size_t size_of(const OutputFile& file) {
  return file.spill ? static_cast<size_t>(file.spilled.size) : file.content.size();
}

// The file's text: its content, or what its spill gives back (into
// `buffer`); nullptr, with `error` saying why, when the system refuses to
// read the spill back.
inline const std::string* try_text_of(const OutputFile& file, std::string& buffer,
                                      std::string& error) {
  if (!file.spill) return &file.content;
  if (file.spill->get(file.spilled, buffer)) return &buffer;
  error = std::string("cannot read back rendered text set aside on disk: ") + std::strerror(errno);
  return nullptr;
}

// The same, throwing where the system refuses.
inline const std::string& text_of(const OutputFile& file, std::string& buffer) {
  std::string error;
  const std::string* text = try_text_of(file, buffer, error);
  if (!text) throw std::runtime_error(error);
  return *text;
}

}  // namespace gen

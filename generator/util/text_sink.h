// Where text goes as it is produced, a piece at a time, when it is not to
// be held whole in memory: the template engine streams a large file's
// output through one (util/held_text.h), so a
// 20 MB CONTRACT.md never sits in a string that doubles as it grows.
#pragma once

#include <string_view>

namespace gen {

class TextSink {
 public:
  virtual ~TextSink() = default;
  // The next piece of the text. Must not throw: a sink that cannot pass a
  // piece on keeps it (or records why it could not) for its owner to see.
  virtual void write(std::string_view piece) = 0;
  // The last piece, which the sink may keep as it is (a file small enough
  // to stay in memory is then never copied).
  virtual void finish(std::string&& last) { write(last); }
};

}  // namespace gen

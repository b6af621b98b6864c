// Parsing a large document without holding all of it: the entries of one
// top-level mapping (a compose file's `services`, nearly all of its bytes)
// are handed over one at a time, each as soon as its subtree is complete,
// and dropped from the tree; the rest of the document is built as usual. A
// verifier checks each entry as it arrives and the rest once the document is
// complete, so a 10,000-service file never stands whole in memory.
// Set ParseOptions::stream to use it (yaml_tree.h).
#pragma once

#include <cstddef>
#include <string>
#include <utility>

namespace gen::yaml {

struct Entry;

class MappingStream {
 public:
  explicit MappingStream(std::string key) : key_(std::move(key)) {}
  virtual ~MappingStream() = default;
  MappingStream(const MappingStream&) = delete;
  MappingStream& operator=(const MappingStream&) = delete;

  // The top-level key whose mapping streams.
  const std::string& key() const { return key_; }

  // One complete entry of that mapping, in source order, with the positions
  // and findings a whole tree would have. `document` is the index of its
  // document among those parse_yaml_documents returns. The entry is dropped
  // once this returns: the tree keeps the mapping itself, empty, where it
  // stood. Entries the parser drops (a repeated or non-string key) are not
  // handed over, as a tree would not hold them. A mapping that carries an
  // anchor, or is an alias's copy, is left whole in the tree (an alias may
  // copy it), so a consumer also reads any entries it finds there.
  virtual void entry(size_t document, const Entry& entry) = 0;

  // Everything handed over so far is void: the text is being read again
  // from its start (the block reader gave up on it, block_reader.h).
  virtual void restart() = 0;

 private:
  std::string key_;
};

}  // namespace gen::yaml

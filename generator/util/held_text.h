// Where rendered text waits for the rest of a run (verify, the write, gen
// check's comparison): in memory up to a budget shared by every file of
// the run, past it on disk (util/text_spill.h), each file's text read back
// when needed (util/file_set.h text_of). At 10,000 modules the rendered
// text (500 MB) would otherwise be most of gen's peak memory
// (bench/README.md, issue 17).
//
// Each file's text comes in through a Writer as it is rendered, a piece at
// a time (the template engine streams: util/text_sink.h), so that the
// budget holds however large one file is: a 20 MB CONTRACT.md never sits
// in memory whole.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "util/file_set.h"
#include "util/text_sink.h"
#include "util/text_spill.h"

namespace gen {

class HeldText {
 public:
  // Text goes to an unnamed file in `spill_dir` once `in_memory` bytes are
  // held; with no `spill_dir`, all of it stays in memory.
  HeldText(std::optional<std::string> spill_dir, size_t in_memory)
      : spill_dir_(std::move(spill_dir)), in_memory_(in_memory) {}

  // One file's text, as it is rendered.
  class Writer : public TextSink {
   public:
    explicit Writer(HeldText& held) : held_(held) {}
    void write(std::string_view piece) override;
    void finish(std::string&& last) override;
    // Gives `file` the text written: in memory or in the spill. Where the
    // system refuses the spill, or a write to it, the text stays in memory.
    // False, with `error` saying why, only when a refused spill cannot be
    // read back either: the text is lost and the file must not be used.
    bool give(OutputFile& file, std::string& error);

   private:
    void to_spill(std::string_view piece);

    HeldText& held_;
    std::string memory_;
    std::shared_ptr<TextSpill> spill_;  // set once the text goes to disk
    TextSpill::Ref ref_;
    bool refused_ = false;  // the spill refused a write: the rest stays in memory
    std::string lost_;      // why the text is lost, if it is
  };

 private:
  // Whether `bytes` more may stay in memory. Once the budget is spent it
  // stays spent: every later piece goes to disk.
  bool grant(size_t bytes);
  // The spill, made when first needed (most runs never need one), or
  // nullptr where the system refuses it.
  std::shared_ptr<TextSpill> spill();

  std::optional<std::string> spill_dir_;
  size_t in_memory_;
  std::atomic<size_t> held_{0};
  std::once_flag opened_;
  std::shared_ptr<TextSpill> spill_;
};

// Gives back a rendered string's slack (rendering grows it by doubling, or
// reserves from the template's last output) when it is worth a copy: the
// text is held with every other file until they are written.
inline void shed_slack(std::string& text) {
  if (text.capacity() > text.size() + text.size() / 8 + 256) text.shrink_to_fit();
}

}  // namespace gen

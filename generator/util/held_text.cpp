#include "util/held_text.h"

namespace gen {

bool HeldText::grant(size_t bytes) {
  if (!spill_dir_) return true;
  return held_.fetch_add(bytes) + bytes <= in_memory_;
}

std::shared_ptr<TextSpill> HeldText::spill() {
  std::call_once(opened_, [this] { spill_ = TextSpill::open(*spill_dir_); });
  return spill_;
}

void HeldText::Writer::write(std::string_view piece) {
  if (piece.empty() || !lost_.empty()) return;
  if (refused_ || (!spill_ && held_.grant(piece.size()))) {
    memory_.append(piece);
    return;
  }
  to_spill(piece);
}

void HeldText::Writer::finish(std::string&& last) {
  // A file held whole in memory keeps the string it was rendered into.
  if (memory_.empty() && !spill_ && !refused_ && lost_.empty() && !last.empty() &&
      held_.grant(last.size())) {
    memory_ = std::move(last);
    shed_slack(memory_);
    return;
  }
  write(last);
}

void HeldText::Writer::to_spill(std::string_view piece) {
  if (!spill_) {
    spill_ = held_.spill();
    if (!spill_) {
      refused_ = true;
      memory_.append(piece);
      return;
    }
    // What was held so far goes first, so the text stays in order.
    if (!memory_.empty()) {
      if (!spill_->put(memory_, ref_)) {
        refused_ = true;
        memory_.append(piece);
        return;
      }
      std::string().swap(memory_);
    }
  }
  if (spill_->put(piece, ref_)) return;
  // Refused part way (the disk is full...): what is on disk comes back.
  refused_ = true;
  if (!spill_->get(ref_, memory_)) {
    lost_ = spill_read_error();
    std::string().swap(memory_);
    return;
  }
  memory_.append(piece);
}

bool HeldText::Writer::give(OutputFile& file, std::string& error) {
  if (!lost_.empty()) {
    error = lost_;
    return false;
  }
  if (spill_ && !refused_) {
    file.spill = spill_;
    file.spilled = std::move(ref_);
  } else {
    file.content = std::move(memory_);
  }
  return true;
}

}  // namespace gen

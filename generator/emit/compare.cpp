#include "emit/compare.h"

#include <algorithm>

#include "emit/diff.h"
#include "emit/marker.h"
#include "emit/survey.h"

namespace gen::emit {

Comparison compare_output(FileSystem& fs, const std::string& out_dir, const FileSet& files,
                          Diagnostics& diags, int jobs) {
  Comparison result;
  result.files = static_cast<int>(files.size());
  Survey survey;
  if (!survey_output(fs, out_dir, files, true, survey, diags, jobs)) {
    result.ok = false;
    return result;
  }
  std::string buffer;  // a spilled output's text (util/file_set.h)
  for (const auto& f : survey.files) {
    Drift d;
    d.path = display_path(out_dir, f.path);
    switch (f.state) {
      case FileState::Same:
        continue;
      case FileState::Missing:
        d.kind = DriftKind::Missing;
        break;
      case FileState::ModeDiffers:
        d.kind = DriftKind::Mode;
        d.executable = wants_executable(text_of(*f.output, buffer));
        break;
      case FileState::Differs: {
        d.kind = DriftKind::Changed;
        d.disk_size = f.existing_size;
        d.generated_size = size_of(*f.output);
        if (!f.existing_whole) {
          // Not a patch: a line outside any diff, which patch skips.
          d.too_large = true;
          d.diff = "gen check: " + d.path + " not diffed: it is " + std::to_string(d.disk_size) +
                   " bytes on disk, far more than the " + std::to_string(d.generated_size) +
                   " generated (diff truncated)\n";
          break;
        }
        UnifiedDiff u = unified_diff(f.existing, text_of(*f.output, buffer));
        d.diff = "--- " + d.path + "\t(on disk)\n+++ " + d.path + "\t(generated)\n" + u.hunks;
        d.diff_lines_cut = truncate_hunks(d.diff, kMaxDiffBytes);
        if (d.diff_lines_cut > 0)
          d.diff += "gen check: diff of " + d.path + " truncated: " +
                    std::to_string(d.diff_lines_cut) + " more lines not shown\n";
        d.line = u.first_changed_line;
        d.removed = u.removed;
        d.added = u.added;
        break;
      }
    }
    result.drift.push_back(std::move(d));
  }
  for (const auto& rel : survey.stale) {
    Drift d;
    d.kind = DriftKind::Stale;
    d.path = display_path(out_dir, rel);
    result.drift.push_back(std::move(d));
  }
  std::stable_sort(result.drift.begin(), result.drift.end(),
                   [](const Drift& a, const Drift& b) { return a.path < b.path; });
  return result;
}

}  // namespace gen::emit

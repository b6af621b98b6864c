// Applies a set of changes to the output tree all or nothing:
//   1. create --out and its missing parents in place; build each new
//      directory inside --out whose parent exists (a topmost new directory)
//      under a temporary name beside its final one, with the new
//      directories below it inside;
//   2. write every new content: into a staged tree under its final name
//      (nothing else sees it yet), else to a temporary file beside its
//      target (the slow part; an interrupt is honoured between files);
//   3. give each file about to be replaced a second name (a hard link), rename
//      pruned files aside, rename each temporary file over its target
//      (atomic per file) and each staged directory to its final name (one
//      rename for a whole new subtree), fix executable bits;
//   4. delete the second names, what was renamed aside, emptied directories
//      and old leftovers (temporary files, and staged trees whole).
// A failure in 1-3 undoes what was done (a replaced file gets its old inode
// back, or its previous bytes where hard links are unsupported; a staged
// directory is renamed back, then emptied and removed) and removes every
// temporary file and directory, so the tree is as before.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "emit/filesystem.h"
#include "util/file_set.h"

namespace gen::emit {

struct PutFile {
  std::string path;                      // disk path of the target
  const OutputFile* output = nullptr;  // its new bytes (owned by the caller; text_of)
  bool executable = false;
  const std::string* previous = nullptr;  // bytes it replaces; null when it is new
  bool previous_executable = false;
  // False when `previous` is only the head of a much larger file (see
  // read_bound in survey.h): the file can then be put back only through a
  // second name, and the commit fails, changing nothing, where it cannot
  // have one.
  bool previous_whole = true;
};

struct ModeChange {
  std::string path;
  bool executable = false;
};

struct Transaction {
  // Made in place, parents first: --out and its missing parents.
  std::vector<std::string> make_dirs;
  // Missing directories inside --out, parents first: made in staged trees
  // (see above), so a directory's parent is either listed before it or exists.
  std::vector<std::string> new_dirs;
  std::vector<PutFile> puts;
  std::vector<ModeChange> modes;
  std::vector<std::string> removes;               // files to delete (--prune)
  std::vector<std::string> remove_dirs_if_empty;  // deepest first, tried after removes
  std::vector<std::string> leftovers;             // temporary files of a killed run
  std::vector<std::string> leftover_dirs;         // its staged trees: removed with all they hold
};

enum class CommitOutcome { Done, Failed, Interrupted };

struct CommitResult {
  CommitOutcome outcome = CommitOutcome::Done;
  std::string error;                  // why it failed (Failed)
  bool undone = true;                 // a failure left the tree exactly as it was
  std::vector<std::string> warnings;  // cleanups after the commit that did not work
};

// `interrupted` is asked between the slow steps; when it says yes before the
// renames start, everything is undone and the outcome is Interrupted.
// Directories, files and renames are done on `jobs` threads (0: one per
// CPU) when the FileSystem allows it; a failure on any of them is reported
// as the first in order, and everything done is undone.
CommitResult commit(FileSystem& fs, const Transaction& transaction,
                    const std::function<bool()>& interrupted, int jobs = 1);

}  // namespace gen::emit

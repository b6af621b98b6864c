// The verified text of finished targets set aside on disk (util/text_spill.h)
// while later targets run: read back byte for byte, and leaving nothing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <fstream>
#include <map>
#include <sstream>
#include <filesystem>
#include <string>
#include <vector>

#include "../emit/emit_test_util.h"
#include "emit/compare.h"
#include "emit/real_filesystem.h"
#include "emit/write.h"
#include "pipeline/engine_renderer.h"
#include "pipeline/generate.h"
#include "pipeline/targets.h"
#include "util/held_text.h"
#include "util/text_spill.h"

namespace fs = std::filesystem;

namespace {


std::optional<gen::FileSet> generate(const std::string& spec, const std::optional<std::string>& spill_dir,
                                     size_t spill_above, size_t* spilled = nullptr) {
  gen::pipeline::GenerateOptions options;
  options.spec_path = spec;
  options.out_dir = "deploy";
  for (const auto& t : gen::pipeline::targets()) options.targets.push_back(&t);
  options.jobs = 2;
  options.spill_dir = spill_dir;
  options.spill_above = spill_above;
  options.spilled_files = spilled;
  gen::Diagnostics diags;
  gen::SourceFiles sources;
  auto files = gen::pipeline::generate(
      options, [] { return gen::pipeline::make_engine_renderer(""); }, diags, sources);
  INFO(spec);
  CHECK_FALSE(diags.has_errors());
  return files;
}

}  // namespace

TEST_CASE("a spill gives back each text byte for byte and has no name") {
  gen::test::TempDir dir;
  auto spill = gen::TextSpill::open(dir.path);
  REQUIRE(spill);
  std::vector<std::string> texts{"", "one line\n", std::string(1 << 20, 'x'), std::string("a\0b\xff", 4)};
  std::vector<gen::TextSpill::Ref> refs(texts.size());
  for (size_t i = 0; i < texts.size(); ++i) REQUIRE(spill->put(texts[i], refs[i]));
  // A text put in several pieces, with others between: one ref, in order.
  gen::TextSpill::Ref joined;
  gen::TextSpill::Ref between;
  REQUIRE(spill->put("first ", joined));
  REQUIRE(spill->put("second ", joined));  // follows directly: the same piece
  CHECK(joined.pieces.size() == 1);
  REQUIRE(spill->put("other", between));
  REQUIRE(spill->put("third", joined));
  CHECK(joined.pieces.size() == 2);
  CHECK(joined.size == 18);
  for (size_t i = texts.size(); i-- > 0;) {  // in any order
    std::string back = "left over";
    REQUIRE(spill->get(refs[i], back));
    CHECK(back == texts[i]);
  }
  std::string back;
  REQUIRE(spill->get(joined, back));
  CHECK(back == "first second third");
  CHECK(fs::is_empty(dir.path));  // nothing under any name, while open or after
  spill.reset();
  CHECK(fs::is_empty(dir.path));
  CHECK_FALSE(gen::TextSpill::open(dir.path + "/missing"));
}

// Every file of `tree`, relative path -> bytes.
std::map<std::string, std::string> read_tree(const fs::path& tree) {
  std::map<std::string, std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(tree)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream bytes;
    bytes << in.rdbuf();
    out[fs::relative(e.path(), tree).generic_string()] = bytes.str();
  }
  return out;
}

TEST_CASE("every file is the same, rendered, verified, written and compared, whether its text waited on disk or in memory") {
  gen::test::TempDir dir;
  for (const char* name : {"shop", "wats", "core-infra"}) {
    const std::string spec = std::string(GEN_SOURCE_DIR) + "/specs/" + name + ".yaml";
    size_t none = 1, some = 0;
    auto in_memory = generate(spec, std::nullopt, 0, &none);
    auto spilled = generate(spec, dir.path, 0, &some);  // every file spills
    REQUIRE(in_memory);
    REQUIRE(spilled);
    CHECK(none == 0);
    CHECK(some == spilled->size());
    size_t below = 1;
    generate(spec, dir.path, gen::pipeline::kSpillAboveBytes, &below);
    CHECK(below == 0);  // a project this size never spills
    REQUIRE(in_memory->size() == spilled->size());
    std::string buffer;
    for (const auto& [path, file] : *in_memory) {
      INFO(spec << ": " << path);
      auto it = spilled->find(path);
      REQUIRE(it != spilled->end());
      CHECK(it->second.spill);
      CHECK(it->second.content.empty());
      CHECK(gen::text_of(it->second, buffer) == file.content);
      CHECK(gen::size_of(it->second) == file.content.size());
      CHECK(it->second.template_name == file.template_name);
      CHECK_FALSE(file.content.empty());
    }

    // Written from the spill, the tree is the one written from memory, and
    // gen check of either against it finds nothing.
    gen::emit::RealFileSystem real;
    gen::Diagnostics diags;
    gen::test::TempDir out_memory, out_spilled;
    gen::emit::WriteOptions options;
    CHECK(gen::emit::write_output(real, out_memory.path, *in_memory, options, diags).outcome ==
          gen::emit::WriteOutcome::Written);
    CHECK(gen::emit::write_output(real, out_spilled.path, *spilled, options, diags).outcome ==
          gen::emit::WriteOutcome::Written);
    CHECK(read_tree(out_memory.path) == read_tree(out_spilled.path));
    auto compared = gen::emit::compare_output(real, out_memory.path, *spilled, diags);
    CHECK(compared.ok);
    CHECK(compared.drift.empty());
    CHECK_FALSE(diags.has_errors());
  }
  CHECK(fs::is_empty(dir.path));  // the spills left nothing
}

namespace {

// One file's text through a HeldText writer, in the pieces given (the last
// one as the render's last).
gen::OutputFile held(gen::HeldText& held_text, const std::vector<std::string>& pieces) {
  gen::HeldText::Writer writer(held_text);
  for (size_t i = 0; i + 1 < pieces.size(); ++i) writer.write(pieces[i]);
  writer.finish(std::string(pieces.empty() ? "" : pieces.back()));
  gen::OutputFile file;
  std::string error;
  REQUIRE(writer.give(file, error));
  CHECK(error.empty());
  return file;
}

}  // namespace

TEST_CASE("rendered text stays in memory up to the budget, then goes to disk, a file's pieces in order") {
  gen::test::TempDir dir;
  std::string buffer;
  {
    gen::HeldText text(dir.path, 10);
    gen::OutputFile small = held(text, {"12345"});
    CHECK_FALSE(small.spill);
    CHECK(small.content == "12345");
    // Past the budget part way: what was held goes to disk first.
    gen::OutputFile crossing = held(text, {"abc", "defgh", "ijk"});
    CHECK(crossing.spill);
    CHECK(crossing.content.empty());
    CHECK(gen::text_of(crossing, buffer) == "abcdefghijk");
    // The budget stays spent: a later small file goes to disk too.
    gen::OutputFile later = held(text, {"x"});
    CHECK(later.spill);
    CHECK(gen::text_of(later, buffer) == "x");
    CHECK(gen::size_of(later) == 1);
    gen::OutputFile empty = held(text, {""});
    CHECK(gen::size_of(empty) == 0);
    CHECK(gen::text_of(empty, buffer).empty());
  }
  {
    // Two files streamed at once, their pieces interleaved in the spill:
    // each reads back whole and in order.
    gen::HeldText text(dir.path, 0);
    gen::HeldText::Writer a(text), b(text);
    std::string want_a, want_b;
    for (int i = 0; i < 50; ++i) {
      std::string pa = "a" + std::to_string(i) + ";", pb = std::string(size_t(i) + 1, 'b') + "\n";
      a.write(pa);
      b.write(pb);
      want_a += pa;
      want_b += pb;
    }
    a.finish("end a");
    b.finish("end b");
    gen::OutputFile fa, fb;
    std::string error;
    REQUIRE(a.give(fa, error));
    REQUIRE(b.give(fb, error));
    REQUIRE(fa.spill);
    CHECK(fa.spilled.pieces.size() > 1);
    CHECK(gen::text_of(fa, buffer) == want_a + "end a");
    CHECK(gen::text_of(fb, buffer) == want_b + "end b");
  }
  {
    // No spill, or one the system refuses: everything stays in memory, whole.
    gen::HeldText none(std::nullopt, 0);
    gen::OutputFile kept = held(none, {"abc", "def"});
    CHECK_FALSE(kept.spill);
    CHECK(kept.content == "abcdef");
    gen::HeldText refused(dir.path + "/missing", 2);
    gen::OutputFile first = held(refused, {"ab"});
    gen::OutputFile second = held(refused, {"cd", "ef"});
    CHECK_FALSE(second.spill);
    CHECK(first.content == "ab");
    CHECK(second.content == "cdef");
  }
  CHECK(fs::is_empty(dir.path));
}

TEST_CASE("a spilled file's lines are read a piece at a time, lines cut between pieces made whole") {
  gen::test::TempDir dir;
  // 3 MiB of lines of varying length, streamed in pieces that cut lines
  // anywhere, interleaved with another file's: several spill pieces, each
  // read back in chunks of 1 MiB, which cut lines again.
  std::vector<std::string> lines;
  std::string text;
  for (int i = 0; text.size() < (size_t(3) << 20); ++i) {
    lines.push_back(std::to_string(i) + ":" + std::string(size_t(i % 997), 'x'));
    text += lines.back() + "\n";
  }
  text += "last line, no newline";
  lines.push_back("last line, no newline");
  gen::HeldText held_text(dir.path, 0);
  gen::HeldText::Writer writer(held_text), other(held_text);
  for (size_t at = 0; at < text.size(); at += 300001) {
    writer.write(std::string_view(text).substr(at, 300001));
    other.write("between");
  }
  writer.finish(std::string());
  gen::OutputFile file;
  std::string error;
  REQUIRE(writer.give(file, error));
  REQUIRE(file.spill);
  CHECK(file.spilled.pieces.size() > 3);
  std::vector<std::string> read;
  gen::for_each_line(file, [&](std::string_view line, int number) {
    CHECK(number == static_cast<int>(read.size()) + 1);
    read.emplace_back(line);
  });
  CHECK(read == lines);
  std::string pieces;
  size_t largest = 0;
  gen::for_each_piece(file, [&](std::string_view piece) {
    pieces += piece;
    largest = std::max(largest, piece.size());
  });
  CHECK(pieces == text);
  CHECK(largest <= (size_t(1) << 20));
  // In memory: the same lines.
  read.clear();
  gen::for_each_line(gen::OutputFile(text, "t"), [&](std::string_view line, int) { read.emplace_back(line); });
  CHECK(read == lines);
}

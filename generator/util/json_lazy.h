// A JSON node built when it is first read, for the parts of the render
// context that come one per module (each module's context, each module's
// entry in a target model). Holding all of them at once was most of a large
// project's memory (bench/README.md, issue 17); built on demand, only those
// in use and those the cache keeps are in memory.
//
// Like util/json_ref.h, the node is a binary node with gen's own subtype
// holding the address of a LazyJson (JSON text cannot hold binary, so no spec
// can make one). The template engine reads through it (tmpl::Value::json):
// templates see exactly the built JSON, and every value read from it keeps
// it alive. The LazyJson (and its cache) must outlive every reader.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <nlohmann/json.hpp>
#include <vector>

namespace gen {

inline constexpr std::uint64_t kJsonLazySubtype = 0x67656e6c;  // "genl"

// Keeps built things alive so that reading one again does not build it
// again: the first `pinned` built stay for the whole run (a template that
// loops over every module finds those at once), and the last `recent`
// others stay until pushed out (the files of one module, rendered one after
// another, share one build). Used for lazy nodes and for the values
// util/json_view.h sources build.
class LazyJsonCache {
 public:
  LazyJsonCache(size_t pinned, size_t recent) : pinned_limit_(pinned), recent_(recent) {}
  void keep(std::shared_ptr<const void> built);

  // What to pin of `count` things a template may loop over: all of them up
  // to kKeepAllUpTo, none beyond. All or nothing, since a loop builds again
  // every one not kept: keeping the first 1,024 of 10,000 modules' views
  // cost 15 MiB for a tenth of the rebuilds (bench/README.md, issue 17).
  static constexpr size_t kKeepAllUpTo = 1024;
  static size_t all_or_none(size_t count) { return count <= kKeepAllUpTo ? count : 0; }

 private:
  std::mutex mutex_;
  size_t pinned_limit_;
  std::vector<std::shared_ptr<const void>> pinned_;
  std::vector<std::shared_ptr<const void>> recent_;
  size_t next_ = 0;
};

class LazyJson {
 public:
  using Build = std::function<nlohmann::ordered_json()>;
  LazyJson(Build build, LazyJsonCache& cache) : build_(std::move(build)), cache_(&cache) {}
  LazyJson(const LazyJson&) = delete;
  LazyJson& operator=(const LazyJson&) = delete;

  // The built node: the one still alive from an earlier read, else a new
  // build (one thread builds; another asking meanwhile waits for it).
  std::shared_ptr<const nlohmann::ordered_json> get() const;

 private:
  Build build_;
  LazyJsonCache* cache_;
  mutable std::mutex mutex_;
  mutable std::weak_ptr<const nlohmann::ordered_json> built_;
};

// Lazy nodes made together and kept by one owner (a target model, a plan),
// sharing one cache: what each target's per-module entries are.
class LazyJsonPool {
 public:
  LazyJsonPool(size_t pinned, size_t recent) : cache_(pinned, recent) {}
  // A new LazyJson that builds with `build`, kept as long as the pool.
  const LazyJson& add(LazyJson::Build build) {
    return entries_.emplace_back(std::move(build), cache_);
  }

 private:
  LazyJsonCache cache_;
  std::deque<LazyJson> entries_;  // LazyJson is not movable
};

// The node standing for `target` (which must outlive it and every reader).
nlohmann::ordered_json json_lazy(const LazyJson& target);
// The LazyJson `j` stands for, or nullptr when `j` is not such a node.
const LazyJson* json_lazy_target(const nlohmann::ordered_json& j);

// `j` with every lazy node (and util/json_ref.h reference, util/json_view.h
// view) replaced by a copy of what it stands for: JSON as `gen context` prints it.
nlohmann::ordered_json json_materialized(const nlohmann::ordered_json& j);

}  // namespace gen

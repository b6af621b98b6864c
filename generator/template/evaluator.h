// Renders parsed templates: walks the AST with Jinja2's scoping rules
// (a new scope per loop iteration, macro call, `with`, filter and set block;
// `if` shares its scope; macros see their defining scope at call time) and
// Python's value semantics (value_ops.h). Filters and tests reach the
// engine's services (getattr, calling other filters) through this class.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "template/ast.h"
#include "template/error.h"
#include "template/local.h"
#include "template/registry.h"
#include "template/same_text.h"
#include "template/template.h"
#include "template/value.h"
#include "util/text_sink.h"

namespace gen::tmpl {

class Environment;

// A scope: local names, then the parent scope; a template's top scope may
// read the render context. The first few names live inside the frame (most
// scopes hold one or two), so a scope costs one allocation.
struct Frame : Object {
  // Names point into the parsed templates (or are literals such as
  // "loop"): templates outlive every render, so no copies are made.
  struct Var {
    std::string_view name;
    Value value;
    bool exported = false;  // a top-level name an import can see
  };
  std::shared_ptr<Frame> parent;
  const Json* context = nullptr;
  bool top = false;  // a template's top-level scope
  // An included or imported template's top scope: names of the includer are
  // visible through it, except the includer's `loop` (as in Jinja2).
  bool boundary = false;

  Value* find_local(std::string_view name) {
    for (size_t i = 0; i < count_; ++i) {
      Var& v = at(i);
      if (same_text(v.name, name)) return &v.value;
    }
    return nullptr;
  }
  // `name` must outlive the frame (an AST string or a literal).
  void set(std::string_view name, Value value, bool exported);
  void clear_vars();
  size_t size() const { return count_; }
  const Var& var(size_t i) const { return const_cast<Frame*>(this)->at(i); }
  void break_cycles() override {
    clear_vars();
    parent.reset();
  }

 private:
  static constexpr size_t kInline = 4;
  Var& at(size_t i) { return i < kInline ? inline_[i] : more_[i - kInline]; }
  std::array<Var, kInline> inline_;
  std::vector<Var> more_;
  size_t count_ = 0;
};
using FramePtr = std::shared_ptr<Frame>;

class Evaluator {
 public:
  explicit Evaluator(Environment& env);

  // Renders `tmpl` with the variables of `context` (a JSON object or null).
  // With a `sink`, the text goes there in pieces of about kStreamPiece bytes
  // as it is made (what is returned is empty); without, it is returned.
  std::string render(const Template& tmpl, const Json* context,
                     const std::vector<Local>* locals = nullptr, TextSink* sink = nullptr);
  static constexpr size_t kStreamPiece = size_t(1) << 20;
  ~Evaluator();

  // --- services for filters and tests -------------------------------------
  Value call_filter(const std::string& name, const Value& input, const CallArgs& args);
  bool call_test(const std::string& name, const Value& input, const CallArgs& args);
  // Jinja2's environment.getitem (prefers items) and getattr (prefers
  // attributes); a miss gives an undefined value, not an error.
  Value getitem(const Value& obj, const Value& key, uint32_t* hint = nullptr);
  Value getattr(const Value& obj, const std::string& attr, uint32_t* hint = nullptr);
  // getattr when it is known whether `attr` is a dict method (parsed names).
  Value getattr(const Value& obj, const std::string& attr, uint32_t* hint, bool dict_method);
  // Filter and test ids (Registry indexes) and calls by id, for filters that
  // call another filter or test per item.
  int filter_id(const std::string& name) const;
  int test_id(const std::string& name) const;
  Value call_filter_id(int id, const Value& input, const CallArgs& args);
  bool call_test_id(int id, const Value& input, const CallArgs& args);
  // An undefined value that fails with `message` when used.
  Value undefined(std::string message);
  // Counts work against Limits::max_steps (so no template runs forever).
  void step();

 private:
  friend struct EvalAccess;
  struct Site {
    const Template* tmpl;
    uint32_t pos;
    const char* kind;          // "macro", "template", "recursive loop"
    const std::string* name;   // the macro or template name (outlives the call)
    std::string what() const { return name ? std::string(kind) + " '" + *name + "'" : kind; }
  };

  // statements
  void exec(const Body& body, const FramePtr& frame, std::string& out);
  void exec_stmt(const Stmt& s, const FramePtr& frame, std::string& out);
  void exec_for(const ForStmt& s, const Value& iterable, const FramePtr& frame, int64_t depth0,
                std::string& out);
  void exec_include(const IncludeStmt& s, const FramePtr& frame, std::string& out);
  Value import_module(const Expr& name_expr, bool with_context, const FramePtr& frame,
                      uint32_t pos, std::string& module_name);
  void assign(const Target& t, const Value& v, const FramePtr& frame);
  std::string capture(const Body& body, const FramePtr& frame);
  Value apply_filter_chain(const Expr* chain, const Value& block_output, const FramePtr& frame);

  // expressions
  Value eval(const Expr& e, const FramePtr& frame);
  Value eval_inner(const Expr& e, const FramePtr& frame);
  Value lookup(const std::string& name, const FramePtr& frame, uint32_t pos);
  // `{{ x|f }}` where filter f has an append form (registry.h): appends its
  // result to `out` and returns true; false when `e` is anything else.
  bool print_filter(const Expr& e, const FramePtr& frame, std::string& out);
  Value eval_filter(const FilterExpr& f, const FramePtr& frame, const Value* block_output);
  bool eval_test(const FilterExpr& t, const FramePtr& frame);
  void eval_args(const CallArgsExpr& c, const FramePtr& frame, CallArgs& out);
  // A filter call's positional arguments go into a vector of free_args_
  // (taken before eval_args, returned after the call): no allocation per call.
  // Inline (defined in evaluator.cpp, its only user): out of line they cost
  // about 20 instructions per filter call.
  inline void reuse_args(const CallArgsExpr& c, CallArgs& args);
  inline void keep_args(CallArgs& args);
  Value call(const Value& callee, const CallArgs& args, uint32_t pos);
  Value call_macro(const Value& macro, const CallArgs& args, uint32_t pos);
  Value call_function(const Value& fn, const CallArgs& args);
  Value slice(const Value& obj, const SliceExpr& s, const FramePtr& frame);
  Value attribute_undefined(const Value& obj, const Value& key, bool as_item);
  // dict_find for a Dict, through an index for large borrowed JSON objects.
  bool find_key(const Value& dict, std::string_view key, Value& out, uint32_t* hint);
  Value make_macro(const MacroStmt& m, const FramePtr& frame);

  // Mutable objects are tracked (weakly) so that render() can break the
  // reference cycles macros, namespaces and loops can form (a scope holding
  // a macro that holds the scope) once nothing uses them any more.
  FramePtr new_frame(const FramePtr& parent);
  // Returns a scope nothing captured to a pool new_frame() reuses (most
  // scopes: loop bodies, includes, macro calls).
  void recycle(FramePtr& frame);
  void track(const std::shared_ptr<Object>& obj);
  void break_cycles();

  // errors
  [[noreturn]] void raise(const OpError& e, uint32_t pos);
  [[noreturn]] void raise_at(const Template* t, uint32_t pos, ErrorKind kind, std::string message,
                             std::string help = "");
  std::string suggest(const UndefinedObject& u) const;
  std::shared_ptr<const Template> load(std::string_view name, uint32_t pos, bool missing_ok);

  Environment& env_;
  const Template* tmpl_ = nullptr;  // the template whose code is running
  uint32_t pos_ = 0;                // the expression being evaluated (for undefined())
  std::vector<Site> stack_;         // includes, imports and macro calls, outermost first
  // Describes a too-deep call chain: the repeating cycle, if any.
  std::string recursion_help(const std::string& next) const;
  std::vector<std::string> call_notes() const;
  std::vector<std::weak_ptr<Object>> tracked_;
  std::vector<FramePtr> free_frames_;
  std::vector<ValueList> free_args_;  // argument vectors for filter calls
  // Slot by key of each large JSON object of the context a lookup's hint
  // missed in (dicts keyed by module, looked up in arbitrary order: a
  // dependency, another module's directory), built once per render: a scan
  // per lookup made large projects quadratic. The context outlives the render
  // and does not change during it.
  std::unordered_map<const Json*, std::unordered_map<std::string_view, uint32_t>> key_slots_;
  size_t compact_at_ = 1024;
  uint64_t steps_ = 0;
  int nesting_ = 0;
  size_t output_ = 0;
  // While streaming: the render's own output (captures, macro bodies and set
  // blocks write elsewhere and are never passed on) and where it goes.
  const std::string* streamed_ = nullptr;
  TextSink* sink_ = nullptr;
  size_t passed_ = 0;  // bytes already passed on to sink_
};

}  // namespace gen::tmpl

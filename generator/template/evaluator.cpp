#include "template/evaluator.h"

#include <algorithm>

#include "template/environment.h"
#include "template/methods.h"
#include "template/text.h"
#include "template/value_ops.h"
#include "util/spellcheck.h"

namespace gen::tmpl {
namespace {

struct MacroObject : CallableObject {
  const MacroStmt* node = nullptr;
  const Template* tmpl = nullptr;
  FramePtr closure;
};

// What a recursive loop's loop(...) renders.
struct RecurseObject : Object {
  const ForStmt* node = nullptr;
  const Template* tmpl = nullptr;
  FramePtr frame;
};

const char* const kGlobals[] = {"range", "dict", "namespace", "lipsum", "cycler", "joiner"};

Value make_function(const char* name) {
  auto f = std::make_shared<CallableObject>();
  f->name = name;
  return Value::object(Kind::Function, std::move(f));
}

struct NestGuard {
  int& n;
  explicit NestGuard(int& v) : n(v) { ++n; }
  ~NestGuard() { --n; }
};

struct Restore {
  const Template*& slot;
  const Template* saved;
  Restore(const Template*& s, const Template* v) : slot(s), saved(s) { slot = v; }
  ~Restore() { slot = saved; }
};

}  // namespace

void Frame::set(std::string_view name, Value value, bool exported) {
  for (size_t i = 0; i < count_; ++i) {
    Var& v = at(i);
    if (v.name == name) {
      v.value = std::move(value);
      v.exported = exported;
      return;
    }
  }
  if (count_ < kInline) {
    Var& v = inline_[count_];
    v.name = name;
    v.value = std::move(value);
    v.exported = exported;
  } else {
    more_.push_back(Var{name, std::move(value), exported});
  }
  ++count_;
}

void Frame::clear_vars() {
  for (size_t i = 0; i < count_ && i < kInline; ++i) inline_[i].value = Value();
  more_.clear();
  count_ = 0;
}

Evaluator::Evaluator(Environment& env) : env_(env) {}

Evaluator::~Evaluator() { break_cycles(); }

void Evaluator::track(const std::shared_ptr<Object>& obj) {
  if (tracked_.size() >= compact_at_) {
    tracked_.erase(std::remove_if(tracked_.begin(), tracked_.end(),
                                  [](const std::weak_ptr<Object>& w) { return w.expired(); }),
                   tracked_.end());
    compact_at_ = std::max<size_t>(1024, tracked_.size() * 2);
  }
  tracked_.push_back(obj);
}

void Evaluator::recycle(FramePtr& frame) {
  if (!frame || frame.use_count() != 1 || free_frames_.size() >= 64) return;
  frame->clear_vars();
  frame->parent.reset();
  frame->context = nullptr;
  frame->top = false;
  frame->boundary = false;
  free_frames_.push_back(std::move(frame));
}

void Evaluator::break_cycles() {
  free_frames_.clear();
  for (auto& w : tracked_)
    if (auto obj = w.lock()) obj->break_cycles();
  tracked_.clear();
}

FramePtr Evaluator::new_frame(const FramePtr& parent) {
  if (!free_frames_.empty()) {
    FramePtr f = std::move(free_frames_.back());
    free_frames_.pop_back();
    f->parent = parent;
    return f;
  }
  auto f = std::make_shared<Frame>();
  f->parent = parent;
  track(f);
  return f;
}

std::string Evaluator::render(const Template& tmpl, const Json* context,
                              const std::vector<Local>* locals, TextSink* sink) {
  auto root = new_frame(nullptr);
  root->top = true;
  if (context && context->is_object()) root->context = context;
  if (locals && !locals->empty()) {
    auto top = new_frame(nullptr);
    top->top = true;
    for (const Local& l : *locals) top->set(l.name, Value::json(*l.value), false);
    top->parent = root;
    root->top = false;
    root = top;
  }
  Restore r(tmpl_, &tmpl);
  std::string out;
  size_t& expected = env_.last_output_size_[&tmpl];
  size_t room = expected + expected / 8;
  // A streamed render holds one piece (and the statement that passes it).
  if (sink) room = std::min(room, kStreamPiece + kStreamPiece / 4);
  out.reserve(room);
  streamed_ = sink ? &out : nullptr;
  sink_ = sink;
  exec(tmpl.body, root, out);
  expected = passed_ + out.size();
  if (!sink) return out;
  sink->finish(std::move(out));
  return std::string();
}

void Evaluator::step() {
  if (++steps_ > env_.limits().max_steps)
    fail(ErrorKind::Limit, "the template runs too long (more than " +
                               std::to_string(env_.limits().max_steps) +
                               " loop iterations, calls and outputs)");
}

// ------------------------------------------------------------------- errors

void Evaluator::raise_at(const Template* t, uint32_t pos, ErrorKind kind, std::string message,
                         std::string help) {
  TemplateError e;
  e.kind = kind;
  e.message = std::move(message);
  e.help = std::move(help);
  if (t) {
    e.template_name = t->name;
    e.file = t->file;
    e.source = t->source;
    t->locate(pos, e.line, e.column);
  }
  e.notes = call_notes();
  throw e;
}

std::vector<std::string> Evaluator::call_notes() const {
  // Innermost first; a deep recursion shows its ends, not hundreds of lines.
  std::vector<std::string> notes;
  size_t n = stack_.size();
  for (size_t k = 0; k < n; ++k) {
    if (n > 12 && k == 6) {
      notes.push_back("... " + std::to_string(n - 10) + " more ...");
      k = n - 4;
    }
    const Site& site = stack_[n - 1 - k];
    int line = 0, col = 0;
    site.tmpl->locate(site.pos, line, col);
    notes.push_back("in " + site.what() + ", from " + site.tmpl->file + ":" + std::to_string(line) +
                    ":" + std::to_string(col));
  }
  return notes;
}

std::string Evaluator::recursion_help(const std::string& next) const {
  // The shortest cycle at the top of the stack (A -> B -> A -> B ...).
  std::vector<std::string> whats;
  for (const auto& s : stack_) whats.push_back(s.what());
  whats.push_back(next);
  size_t n = whats.size();
  for (size_t len = 1; len * 2 <= n; ++len) {
    bool cycle = true;
    for (size_t i = 0; i < len && cycle; ++i) cycle = whats[n - 1 - i] == whats[n - 1 - i - len];
    if (!cycle) continue;
    std::string text;
    for (size_t i = n - len - 1; i < n; ++i) text += (text.empty() ? "" : " -> ") + whats[i];
    return "it calls itself in a cycle: " + text;
  }
  return "";
}

std::string Evaluator::suggest(const UndefinedObject& u) const {
  std::vector<std::string> candidates;
  if (u.has_container) {
    candidates = attribute_names(u.container);
  } else {
    for (const Frame* f = static_cast<const Frame*>(u.scope.get()); f; f = f->parent.get()) {
      for (size_t i = 0; i < f->size(); ++i) candidates.emplace_back(f->var(i).name);
      if (f->context)
        for (const auto& kv : f->context->items()) candidates.push_back(kv.key());
    }
    for (const char* g : kGlobals) candidates.push_back(g);
  }
  std::string m = closest_match(u.name, candidates);
  return m.empty() || m == u.name ? "" : "did you mean '" + m + "'?";
}

void Evaluator::raise(const OpError& e, uint32_t pos) {
  if (e.undefined) {
    auto* u = static_cast<UndefinedObject*>(e.undefined.get());
    if (u->tmpl) raise_at(u->tmpl, u->offset, ErrorKind::Undefined, u->message(), suggest(*u));
  }
  raise_at(tmpl_, pos, e.kind, e.message, e.help);
}

Value Evaluator::undefined(std::string message) {
  auto u = std::make_shared<UndefinedObject>();
  u->hint = std::move(message);
  u->tmpl = tmpl_;
  u->offset = pos_;
  return Value::undefined(std::move(u));
}

std::shared_ptr<const Template> Evaluator::load(std::string_view name, uint32_t pos,
                                                bool missing_ok) {
  std::shared_ptr<const Template> t;
  try {
    t = env_.find_template(name);  // a cache hit for repeated includes
  } catch (TemplateError& e) {
    // A syntax error in an included template: add where it was included.
    int line = 0, col = 0;
    tmpl_->locate(pos, line, col);
    std::vector<std::string> notes{"in template '" + std::string(name) + "', from " +
                                   tmpl_->file + ":" + std::to_string(line) + ":" +
                                   std::to_string(col)};
    for (auto& n : call_notes()) notes.push_back(std::move(n));
    e.notes.insert(e.notes.end(), notes.begin(), notes.end());
    throw;
  }
  if (!t && !missing_ok) {
    auto names = env_.loader().list();
    std::string m = closest_match(std::string(name), names);
    raise_at(tmpl_, pos, ErrorKind::NotFound, "template '" + std::string(name) + "' not found",
             m.empty() ? "" : "did you mean '" + m + "'?");
  }
  return t;
}

// --------------------------------------------------------------- statements

void Evaluator::exec(const Body& body, const FramePtr& frame, std::string& out) {
  for (const auto& s : body) {
    exec_stmt(*s, frame, out);
    // Between statements no statement is measuring `out`: it may be passed on.
    if (&out == streamed_ && out.size() >= kStreamPiece) {
      sink_->write(out);
      passed_ += out.size();
      out.clear();
    }
  }
}

std::string Evaluator::capture(const Body& body, const FramePtr& frame) {
  auto inner = new_frame(frame);
  std::string out;
  exec(body, inner, out);
  recycle(inner);
  return out;
}

void Evaluator::assign(const Target& t, const Value& v, const FramePtr& frame) {
  if (!t.attr.empty()) {
    Value ns = lookup(t.name, frame, t.pos);
    if (ns.kind() != Kind::Namespace) {
      if (ns.is_undefined()) ops::use_undefined(ns);
      fail(ErrorKind::Type, "cannot assign attribute on non-namespace object");
    }
    auto* obj = ns.as<NamespaceObject>();
    if (Value* slot = obj->find(t.attr)) *slot = v;
    else obj->attrs.emplace_back(t.attr, v);
    return;
  }
  if (!t.is_tuple) {
    frame->set(t.name, v, frame->top && !t.name.empty() && t.name[0] != '_');
    return;
  }
  ValueList items = ops::to_list(v);
  if (items.size() > t.items.size())
    fail(ErrorKind::Value, "too many values to unpack (expected " + std::to_string(t.items.size()) + ")");
  if (items.size() < t.items.size())
    fail(ErrorKind::Value, "not enough values to unpack (expected " +
                               std::to_string(t.items.size()) + ", got " +
                               std::to_string(items.size()) + ")");
  for (size_t i = 0; i < items.size(); ++i) assign(t.items[i], items[i], frame);
}

Value Evaluator::make_macro(const MacroStmt& m, const FramePtr& frame) {
  auto obj = std::make_shared<MacroObject>();
  obj->name = m.name;
  obj->node = &m;
  obj->tmpl = tmpl_;
  obj->closure = frame;
  return Value::object(Kind::Macro, std::move(obj));
}

Value Evaluator::apply_filter_chain(const Expr* chain, const Value& block_output,
                                    const FramePtr& frame) {
  // The chain is Filter(Filter(null, a), b): evaluate from the innermost.
  auto& f = static_cast<const FilterExpr&>(*chain);
  if (!f.input) return eval_filter(f, frame, &block_output);
  Value inner = apply_filter_chain(f.input.get(), block_output, frame);
  return eval_filter(f, frame, &inner);
}

void Evaluator::exec_stmt(const Stmt& s, const FramePtr& frame, std::string& out) {
  NestGuard guard(nesting_);
  try {
    if (nesting_ > env_.limits().max_nesting)
      fail(ErrorKind::Recursion, "the template nests too deeply");
    switch (s.kind) {
      case StmtKind::Text: {
        const auto& t = static_cast<const TextStmt&>(s).text;
        out += t;
        output_ += t.size();
        if (output_ > env_.limits().max_output)
          fail(ErrorKind::Limit, "the output is too large (more than " +
                                     std::to_string(env_.limits().max_output >> 20) + " MiB)");
        return;
      }
      case StmtKind::Print: {
        const auto& p = static_cast<const PrintStmt&>(s);
        size_t before = out.size();
        if (!print_filter(*p.expr, frame, out)) {
          Value v = eval(*p.expr, frame);
          before = out.size();
          pos_ = p.expr->pos;
          try {
            ops::append_str(out, v);
          } catch (const OpError& e) {
            raise(e, p.expr->pos);
          }
        }
        output_ += out.size() - before;
        if (output_ > env_.limits().max_output)
          fail(ErrorKind::Limit, "the output is too large (more than " +
                                     std::to_string(env_.limits().max_output >> 20) + " MiB)");
        step();
        return;
      }
      case StmtKind::If: {
        const auto& n = static_cast<const IfStmt&>(s);
        for (const auto& br : n.branches) {
          Value c = eval(*br.first, frame);
          bool yes;
          try {
            yes = ops::truthy(c);
          } catch (const OpError& e) {
            raise(e, br.first->pos);
          }
          if (yes) return exec(br.second, frame, out);
        }
        return exec(n.otherwise, frame, out);
      }
      case StmtKind::For: {
        const auto& n = static_cast<const ForStmt&>(s);
        Value iterable = eval(*n.iter, frame);
        return exec_for(n, iterable, frame, 0, out);
      }
      case StmtKind::Set: {
        const auto& n = static_cast<const SetStmt&>(s);
        Value v = eval(*n.value, frame);
        return assign(n.target, v, frame);
      }
      case StmtKind::SetBlock: {
        const auto& n = static_cast<const SetBlockStmt&>(s);
        Value v = Value::string(capture(n.body, frame));
        if (n.filter) v = apply_filter_chain(n.filter.get(), v, frame);
        return assign(n.target, v, frame);
      }
      case StmtKind::Macro: {
        const auto& m = static_cast<const MacroStmt&>(s);
        frame->set(m.name, make_macro(m, frame), frame->top && m.name[0] != '_');
        return;
      }
      case StmtKind::CallBlock: {
        const auto& n = static_cast<const CallBlockStmt&>(s);
        Value callee = eval(*n.call->callee, frame);
        CallArgs args;
        eval_args(n.call->call, frame, args);
        args.kw.emplace_back("caller", make_macro(n.caller, frame));
        Value r;
        try {
          r = call(callee, args, n.call->pos);
          size_t before = out.size();
          ops::append_str(out, r);
          output_ += out.size() - before;
        } catch (const OpError& e) {
          raise(e, n.call->pos);
        }
        return;
      }
      case StmtKind::FilterBlock: {
        const auto& n = static_cast<const FilterBlockStmt&>(s);
        Value body = Value::string(capture(n.body, frame));
        Value r = apply_filter_chain(n.filter.get(), body, frame);
        try {
          ops::append_str(out, r);
        } catch (const OpError& e) {
          raise(e, n.pos);
        }
        return;
      }
      case StmtKind::With: {
        const auto& n = static_cast<const WithStmt&>(s);
        ValueList values;
        for (const auto& v : n.values) values.push_back(eval(*v, frame));
        auto inner = new_frame(frame);
        for (size_t i = 0; i < n.targets.size(); ++i) assign(n.targets[i], values[i], inner);
        exec(n.body, inner, out);
        recycle(inner);
        return;
      }
      case StmtKind::Include:
        return exec_include(static_cast<const IncludeStmt&>(s), frame, out);
      case StmtKind::Import: {
        const auto& n = static_cast<const ImportStmt&>(s);
        std::string name;
        Value module = import_module(*n.name, n.with_context, frame, n.pos, name);
        frame->set(n.target, module, false);
        return;
      }
      case StmtKind::FromImport: {
        const auto& n = static_cast<const FromImportStmt&>(s);
        std::string name;
        Value module = import_module(*n.name, n.with_context, frame, n.pos, name);
        auto* mod = module.as<ModuleObject>();
        for (size_t i = 0; i < n.names.size(); ++i) {
          const auto& [exported, local] = n.names[i];
          if (const Value* v = mod->find(exported)) {
            frame->set(local, *v, false);
          } else {
            pos_ = n.name_pos[i];
            int line = 0, col = 0;
            tmpl_->locate(n.pos, line, col);
            frame->set(local,
                       undefined("the template '" + name + "' (imported on line " +
                                 std::to_string(line) + " in '" + tmpl_->name +
                                 "') does not export the requested name '" + exported + "'"),
                       false);
          }
        }
        return;
      }
    }
  } catch (const OpError& e) {
    raise(e, s.pos);
  }
}

void Evaluator::exec_for(const ForStmt& n, const Value& iterable, const FramePtr& frame,
                         int64_t depth0, std::string& out) {
  // The sequence looped over: the iterable itself when it is a list, tuple
  // or range (JSON arrays are not copied), else its items as a list.
  // `for k, v in d.items()` without a loop variable: assign the pairs
  // directly instead of building a tuple per item.
  if (iterable.kind() == Kind::DictView && !n.filter && !n.uses_loop && n.target.is_tuple &&
      n.target.items.size() == 2 && n.target.items[0].attr.empty() &&
      n.target.items[1].attr.empty() && !n.target.items[0].is_tuple &&
      !n.target.items[1].is_tuple && iterable.as<DictViewObject>()->which == DictViewObject::Items) {
    const Value& dict = iterable.as<DictViewObject>()->dict;
    size_t count = dict.dict_size();
    if (count == 0) return exec(n.otherwise, new_frame(frame), out);
    FramePtr iter_frame = new_frame(frame);
    for (size_t i = 0; i < count; ++i) {
      step();
      if (iter_frame.use_count() > 1) iter_frame = new_frame(frame);
      else iter_frame->clear_vars();
      iter_frame->set(n.target.items[0].name, dict.dict_key(i), false);
      iter_frame->set(n.target.items[1].name, dict.dict_value(i), false);
      exec(n.body, iter_frame, out);
    }
    recycle(iter_frame);
    return;
  }
  Value items;
  try {
    if (iterable.is_sequence() && !n.filter) items = iterable;
    else if (!n.filter) items = Value::list(ops::to_list(iterable));
  } catch (const OpError& e) {
    raise(e, n.iter->pos);
  }
  FramePtr iter_frame = new_frame(frame);
  auto fresh_frame = [&]() {
    // A frame a macro or loop captured must survive; otherwise reuse it.
    if (iter_frame.use_count() > 1) {
      iter_frame = new_frame(frame);
    } else {
      iter_frame->clear_vars();
    }
  };
  // Whether `item` passes the loop's `if` (evaluated with the target bound).
  auto passes = [&](const Value& item) {
    fresh_frame();
    assign(n.target, item, iter_frame);
    Value keep = eval(*n.filter, iter_frame);
    bool yes = false;
    try {
      yes = ops::truthy(keep);
    } catch (const OpError& e) {
      raise(e, n.filter->pos);
    }
    step();
    return yes;
  };
  std::vector<uint32_t> picks;  // see LoopObject::picks
  const bool by_index = n.filter && iterable.json_node() && iterable.is_sequence();
  if (by_index) {
    // Context JSON cannot change while it is looped over: keep indices.
    for (size_t i = 0; i < iterable.size(); ++i)
      if (passes(iterable.at(i))) picks.push_back(static_cast<uint32_t>(i));
    items = iterable;
  } else if (n.filter) {
    ValueList all;
    try {
      all = ops::to_list(iterable);
    } catch (const OpError& e) {
      raise(e, n.iter->pos);
    }
    ValueList kept;
    for (const auto& item : all)
      if (passes(item)) kept.push_back(item);
    items = Value::list(std::move(kept));
  }
  size_t count = by_index ? picks.size() : items.size();
  if (count == 0) return exec(n.otherwise, new_frame(frame), out);
  std::shared_ptr<LoopObject> loop;
  Value loop_value;
  if (n.uses_loop) {
    loop = std::make_shared<LoopObject>();
    track(loop);
    loop->length = static_cast<int64_t>(count);
    loop->items = items;
    loop->picks = picks;
    loop->depth0 = depth0;
    if (n.recursive) {
      auto rec = std::make_shared<RecurseObject>();
      rec->node = &n;
      rec->tmpl = tmpl_;
      rec->frame = frame;
      loop->recurse = rec;
    }
    loop_value = Value::object(Kind::Loop, loop);
  }
  for (size_t i = 0; i < count; ++i) {
    step();
    fresh_frame();
    if (loop) {
      loop->index0 = static_cast<int64_t>(i);
      iter_frame->set("loop", loop_value, false);
    }
    try {
      assign(n.target, items.at(by_index ? picks[i] : i), iter_frame);
    } catch (const OpError& e) {
      raise(e, n.target.pos);
    }
    exec(n.body, iter_frame, out);
  }
  if (loop_value.kind() == Kind::Loop) loop_value = Value();
  loop.reset();
  recycle(iter_frame);
}

void Evaluator::exec_include(const IncludeStmt& n, const FramePtr& frame, std::string& out) {
  Value name = eval(*n.name, frame);
  std::shared_ptr<const Template> t;
  std::string chosen;
  try {
    if (name.is_string()) {
      t = load(name.str(), n.pos, n.ignore_missing);

    } else if (name.kind() == Kind::List || name.kind() == Kind::Tuple) {
      std::vector<std::string> tried;
      for (size_t i = 0; i < name.size() && !t; ++i) {
        Value item = name.at(i);
        ops::check_defined(item);
        if (!item.is_string())
          fail(ErrorKind::Type, "a template name must be a string, not " + ops::type_name(item));
        chosen = std::string(item.str());
        tried.push_back(chosen);
        t = load(chosen, n.pos, true);
      }
      if (!t && !n.ignore_missing) {
        std::string list;
        for (const auto& s : tried) list += (list.empty() ? "'" : ", '") + s + "'";
        raise_at(tmpl_, n.pos, ErrorKind::NotFound, "none of the templates [" + list + "] exist");
      }
    } else {
      ops::check_defined(name);
      fail(ErrorKind::Type, "a template name must be a string, not " + ops::type_name(name));
    }
  } catch (const OpError& e) {
    raise(e, n.name->pos);
  }
  if (!t) return;
  if (static_cast<int>(stack_.size()) >= env_.limits().max_depth)
    raise_at(tmpl_, n.pos, ErrorKind::Recursion,
             "includes and macro calls nested deeper than " +
                 std::to_string(env_.limits().max_depth) + " levels",
             recursion_help("template '" + t->name + "'"));
  step();
  auto root = new_frame(n.with_context ? frame : nullptr);
  root->top = true;
  root->boundary = true;
  stack_.push_back(Site{tmpl_, n.pos, "template", &t->name});
  {
    Restore r(tmpl_, t.get());
    exec(t->body, root, out);
  }
  stack_.pop_back();
  recycle(root);
}

Value Evaluator::import_module(const Expr& name_expr, bool with_context, const FramePtr& frame,
                               uint32_t pos, std::string& module_name) {
  Value name = eval(name_expr, frame);
  std::shared_ptr<const Template> t;
  try {
    ops::check_defined(name);
    if (!name.is_string())
      fail(ErrorKind::Type, "a template name must be a string, not " + ops::type_name(name));
  } catch (const OpError& e) {
    raise(e, name_expr.pos);
  }
  module_name = std::string(name.str());
  t = load(module_name, pos, false);
  if (static_cast<int>(stack_.size()) >= env_.limits().max_depth)
    raise_at(tmpl_, pos, ErrorKind::Recursion,
             "imports nested deeper than " + std::to_string(env_.limits().max_depth) + " levels",
             recursion_help("template '" + module_name + "'"));
  step();
  auto root = new_frame(with_context ? frame : nullptr);
  root->top = true;
  root->boundary = true;
  auto mod = std::make_shared<ModuleObject>();
  mod->name = module_name;
  stack_.push_back(Site{tmpl_, pos, "template", &t->name});
  {
    Restore r(tmpl_, t.get());
    exec(t->body, root, mod->body);
  }
  stack_.pop_back();
  for (size_t i = 0; i < root->size(); ++i)
    if (root->var(i).exported)
      mod->exports.emplace_back(std::string(root->var(i).name), root->var(i).value);
  return Value::object(Kind::Module, std::move(mod));
}

// -------------------------------------------------------------- expressions

Value Evaluator::lookup(const std::string& name, const FramePtr& frame, uint32_t pos) {
  bool crossed = false;  // past an include boundary, the includer's `loop` is hidden
  for (Frame* f = frame.get(); f; f = f->parent.get()) {
    if (Value* v = f->find_local(name)) {
      if (!(crossed && v->kind() == Kind::Loop)) return *v;
    }
    if (f->boundary) crossed = true;
    if (f->context && f->context->is_object()) {
      for (const auto& kv : *f->context->get_ptr<const Json::object_t*>())
        if (same_text(kv.first, name)) return Value::json(kv.second);
    }
  }
  if (name == "range" || name == "dict" || name == "namespace" || name == "lipsum" ||
      name == "cycler" || name == "joiner")
    return make_function(name == "range" ? "range" : name == "dict" ? "dict"
                         : name == "namespace" ? "namespace" : name == "lipsum" ? "lipsum"
                         : name == "cycler" ? "cycler" : "joiner");
  auto u = std::make_shared<UndefinedObject>();
  u->name = name;
  u->scope = frame;
  u->tmpl = tmpl_;
  u->offset = pos;
  return Value::undefined(std::move(u));
}

Value Evaluator::eval(const Expr& e, const FramePtr& frame) {
  NestGuard guard(nesting_);
  try {
    if (nesting_ > env_.limits().max_nesting)
      fail(ErrorKind::Recursion, "the template nests too deeply (expressions inside macro calls "
                                 "inside expressions ...)");
    return eval_inner(e, frame);
  } catch (const OpError& err) {
    raise(err, e.pos);
  }
}

void Evaluator::eval_args(const CallArgsExpr& c, const FramePtr& frame, CallArgs& out) {
  if (!c.args.empty()) out.pos.reserve(c.args.size());
  for (const auto& a : c.args) out.pos.push_back(eval(*a, frame));
  if (!c.kwargs.empty()) out.kw.reserve(c.kwargs.size());
  if (c.dyn_args) {
    Value extra = eval(*c.dyn_args, frame);
    for (auto& v : ops::to_list(extra)) out.pos.push_back(v);
  }
  for (const auto& kw : c.kwargs) out.kw.emplace_back(kw.first, eval(*kw.second, frame));
  if (c.dyn_kwargs) {
    Value extra = eval(*c.dyn_kwargs, frame);
    ops::check_defined(extra);
    if (extra.kind() != Kind::Dict)
      fail(ErrorKind::Type, "argument after ** must be a mapping, not " + ops::type_name(extra));
    for (size_t i = 0; i < extra.dict_size(); ++i) {
      Value k = extra.dict_key(i);
      if (!k.is_string()) fail(ErrorKind::Type, "keywords must be strings");
      for (const auto& existing : out.kw)
        if (existing.first == k.str())
          fail(ErrorKind::Type, "got multiple values for keyword argument '" +
                                    std::string(k.str()) + "'");
      out.kw.emplace_back(std::string(k.str()), extra.dict_value(i));
    }
  }
}

bool Evaluator::print_filter(const Expr& e, const FramePtr& frame, std::string& out) {
  if (e.kind != ExprKind::Filter) return false;
  const auto& f = static_cast<const FilterExpr&>(e);
  if (f.id < 0) return false;  // eval_filter reports the unknown name
  AppendFn append = env_.registry().appender(f.id);
  if (!append) return false;
  // What eval_filter does, with the result appended instead of returned.
  Value input = eval(*f.input, frame);
  CallArgs args;
  reuse_args(f.call, args);
  eval_args(f.call, frame, args);
  pos_ = f.pos;
  step();
  try {
    append(*this, input, args, out);
  } catch (const OpError& err) {
    raise(err, f.pos);
  }
  keep_args(args);
  return true;
}

inline void Evaluator::reuse_args(const CallArgsExpr& c, CallArgs& args) {
  if (!c.args.empty() && !free_args_.empty()) {
    args.pos = std::move(free_args_.back());
    free_args_.pop_back();
  }
}

inline void Evaluator::keep_args(CallArgs& args) {
  if (args.pos.capacity() && free_args_.size() < 32) {
    args.pos.clear();
    free_args_.push_back(std::move(args.pos));
  }
}

Value Evaluator::eval_filter(const FilterExpr& f, const FramePtr& frame,
                             const Value* block_output) {
  Value input = block_output ? *block_output : eval(*f.input, frame);
  CallArgs args;
  reuse_args(f.call, args);
  eval_args(f.call, frame, args);
  pos_ = f.pos;
  if (f.id < 0) {
    auto names = env_.registry().filter_names();
    std::string m = closest_match(f.name, names);
    fail(ErrorKind::Syntax, "no filter named '" + f.name + "'", m.empty() ? "" : "did you mean '" + m + "'?");
  }
  step();
  Value result;
  try {
    result = env_.registry().filter(f.id)(*this, input, args);
  } catch (const OpError& e) {
    raise(e, f.pos);
  }
  keep_args(args);
  return result;
}

bool Evaluator::eval_test(const FilterExpr& t, const FramePtr& frame) {
  Value input = eval(*t.input, frame);
  CallArgs args;
  eval_args(t.call, frame, args);
  pos_ = t.pos;
  if (t.id < 0) {
    auto names = env_.registry().test_names();
    std::string m = closest_match(t.name, names);
    fail(ErrorKind::Syntax, "no test named '" + t.name + "'", m.empty() ? "" : "did you mean '" + m + "'?");
  }
  try {
    return env_.registry().test(t.id)(*this, input, args);
  } catch (const OpError& e) {
    raise(e, t.pos);
  }
}

int Evaluator::filter_id(const std::string& name) const { return env_.registry().filter_id(name); }
int Evaluator::test_id(const std::string& name) const { return env_.registry().test_id(name); }

Value Evaluator::call_filter_id(int id, const Value& input, const CallArgs& args) {
  step();
  return env_.registry().filter(id)(*this, input, args);
}

bool Evaluator::call_test_id(int id, const Value& input, const CallArgs& args) {
  return env_.registry().test(id)(*this, input, args);
}

Value Evaluator::call_filter(const std::string& name, const Value& input, const CallArgs& args) {
  int id = env_.registry().filter_id(name);
  if (id < 0) fail(ErrorKind::Type, "no filter named '" + name + "'");
  step();
  return env_.registry().filter(id)(*this, input, args);
}

bool Evaluator::call_test(const std::string& name, const Value& input, const CallArgs& args) {
  int id = env_.registry().test_id(name);
  if (id < 0) fail(ErrorKind::Type, "no test named '" + name + "'");
  return env_.registry().test(id)(*this, input, args);
}

Value Evaluator::attribute_undefined(const Value& obj, const Value& key, bool as_item) {
  auto u = std::make_shared<UndefinedObject>();
  if (key.is_string()) u->name = std::string(key.str());
  else u->key = key, u->has_key = true, u->name = ops::repr(key);
  (void)as_item;
  u->container = obj;
  u->has_container = true;
  u->tmpl = tmpl_;
  u->offset = pos_;
  return Value::undefined(std::move(u));
}

namespace {

// Python's slice.indices(length).
void slice_indices(const Value& start_v, const Value& stop_v, const Value& step_v, int64_t len,
                   int64_t& start, int64_t& stop, int64_t& step) {
  auto as_index = [](const Value& v) -> int64_t {
    if (!v.is_integral())
      fail(ErrorKind::Type, "slice indices must be integers or None or have an __index__ method");
    return v.as_int();
  };
  step = step_v.is_none() ? 1 : as_index(step_v);
  if (step == 0) fail(ErrorKind::Value, "slice step cannot be zero");
  int64_t lower = step < 0 ? -1 : 0, upper = step < 0 ? len - 1 : len;
  auto adjust = [&](const Value& v, int64_t dflt) -> int64_t {
    if (v.is_none()) return dflt;
    int64_t i = as_index(v);
    if (i < 0) {
      i += len;
      if (i < lower) i = lower;
    } else if (i > upper) {
      i = upper;
    }
    return i;
  };
  start = adjust(start_v, step < 0 ? upper : lower);
  stop = adjust(stop_v, step < 0 ? lower : upper);
}

}  // namespace

Value Evaluator::slice(const Value& obj, const SliceExpr& s, const FramePtr& frame) {
  Value a = s.start ? eval(*s.start, frame) : Value();
  Value b = s.stop ? eval(*s.stop, frame) : Value();
  Value c = s.step ? eval(*s.step, frame) : Value();
  ops::check_defined(obj);
  for (const Value* v : {&a, &b, &c}) ops::check_defined(*v);
  bool sliceable = obj.is_string() || obj.is_sequence();
  int64_t len = sliceable ? (obj.is_string() ? static_cast<int64_t>(text::length(obj.str()))
                                             : static_cast<int64_t>(obj.size()))
                          : 0;
  int64_t start, stop, step;
  try {
    if (!sliceable) fail(ErrorKind::Type, "not sliceable");
    slice_indices(a, b, c, len, start, stop, step);
  } catch (const OpError& e) {
    if (e.kind != ErrorKind::Type) throw;
    return attribute_undefined(obj, Value::string("slice"), true);
  }
  if (obj.is_string()) return Value::string(text::slice(obj.str(), start, stop, step));
  if (obj.kind() == Kind::Range) {
    auto* r = obj.as<ListObject>();
    // Python: range(start + i*step, start + j*step, step*k) for the
    // normalised slice indices i, j, k.
    return Value::range(r->start + start * r->step, r->start + stop * r->step, r->step * step);
  }
  ValueList items;
  if (step > 0)
    for (int64_t i = start; i < stop; i += step) items.push_back(obj.at(static_cast<size_t>(i)));
  else
    for (int64_t i = start; i > stop; i += step) items.push_back(obj.at(static_cast<size_t>(i)));
  return obj.kind() == Kind::Tuple ? Value::tuple(std::move(items)) : Value::list(std::move(items));
}

Value Evaluator::getitem(const Value& obj, const Value& key, uint32_t* hint) {
  // obj[key] first; TypeError / LookupError fall back to getattr for strings.
  switch (obj.kind()) {
    case Kind::Undefined: ops::use_undefined(obj);
    case Kind::Dict: {
      if (key.is_string()) {  // the common case, always hashable
        Value out;
        if (find_key(obj, key.str(), out, hint)) return out;
        break;
      }
      ops::check_defined(key);
      bool hashable = true;
      try {
        ops::check_hashable(key);
      } catch (const OpError&) {
        hashable = false;
      }
      if (hashable) {
        Value out;
        if (key.is_string()) {
          if (obj.dict_find(key.str(), out)) return out;
        } else if (!obj.has_only_string_keys()) {
          std::string k = ops::hash_key(key);
          for (const auto& kv : obj.as<DictObject>()->items)
            if (!kv.first.is_string() && ops::hash_key(kv.first) == k) return kv.second;
        }
      }
      break;
    }
    case Kind::List:
    case Kind::Tuple:
    case Kind::Range:
    case Kind::String:
      if (key.is_integral()) {
        int64_t len = obj.is_string() ? static_cast<int64_t>(text::length(obj.str()))
                                      : static_cast<int64_t>(obj.size());
        int64_t i = key.as_int();
        if (i < 0) i += len;
        if (i >= 0 && i < len) {
          if (!obj.is_string()) return obj.at(static_cast<size_t>(i));
          return Value::string(text::slice(obj.str(), i, i + 1, 1));
        }
      } else {
        ops::check_defined(key);
      }
      break;
    default:
      ops::check_defined(key);
      break;
  }
  if (key.is_string()) {
    Value out;
    if (get_attribute(*this, obj, std::string(key.str()), out)) return out;
  }
  return attribute_undefined(obj, key, true);
}

bool Evaluator::find_key(const Value& dict, std::string_view key, Value& out, uint32_t* hint) {
  // Small objects (a module's fields) are scanned: the hint finds most keys
  // at once, and an index would cost more than it saves.
  constexpr size_t kIndexedSize = 32;
  const Json* node = dict.json_node();
  // A node built on demand may be freed and its address reused by another:
  // it is never indexed by address (and its values must keep it alive,
  // which dict_find sees to).
  if (!node || node->size() < kIndexedSize || dict.built_on_demand())
    return dict.dict_find(key, out, hint);
  const auto& members = *node->get_ptr<const Json::object_t*>();
  auto at = [&](size_t slot) -> const std::pair<const std::string, Json>& {
    return *(members.begin() + static_cast<std::ptrdiff_t>(slot));
  };
  if (hint && *hint < members.size() && same_text(at(*hint).first, key)) {
    out = Value::json(at(*hint).second);
    return true;
  }
  auto& slots = key_slots_[node];
  if (slots.empty()) {
    slots.reserve(members.size());
    for (size_t i = 0; i < members.size(); ++i)
      slots.emplace(at(i).first, static_cast<uint32_t>(i));  // the first of equal keys, as a scan
  }
  auto found = slots.find(key);
  if (found == slots.end()) return false;
  out = Value::json(at(found->second).second);
  if (hint) *hint = found->second;
  return true;
}

Value Evaluator::getattr(const Value& obj, const std::string& attr, uint32_t* hint) {
  return getattr(obj, attr, hint, is_dict_method(attr));
}

Value Evaluator::getattr(const Value& obj, const std::string& attr, uint32_t* hint,
                         bool dict_method) {
  ops::check_defined(obj);
  Value out;
  // The hot path: a key of a dict (not shadowed by a dict method).
  if (obj.kind() == Kind::Dict && !dict_method) {
    if (find_key(obj, attr, out, hint)) return out;
    return attribute_undefined(obj, Value::string_ref(&attr), false);
  }
  if (get_attribute(*this, obj, attr, out)) return out;
  if (obj.kind() == Kind::Dict && find_key(obj, attr, out, hint)) return out;
  return attribute_undefined(obj, Value::string_ref(&attr), false);
}

Value Evaluator::call(const Value& callee, const CallArgs& args, uint32_t pos) {
  step();
  switch (callee.kind()) {
    case Kind::Undefined: ops::use_undefined(callee);
    case Kind::Macro: return call_macro(callee, args, pos);
    case Kind::Method: return call_method(*this, *callee.as<MethodObject>(), args);
    case Kind::Function: return call_function(callee, args);
    case Kind::Loop: {
      auto* loop = callee.as<LoopObject>();
      auto* rec = static_cast<RecurseObject*>(loop->recurse.get());
      if (!rec || !rec->node)
        fail(ErrorKind::Type, "The loop must have the 'recursive' marker to be called recursively.");
      if (args.pos.size() != 1 || !args.kw.empty())
        fail(ErrorKind::Type, "loop() takes exactly one argument");
      if (static_cast<int>(stack_.size()) >= env_.limits().max_depth)
        fail(ErrorKind::Recursion, "recursive loop deeper than " +
                                       std::to_string(env_.limits().max_depth) + " levels");
      std::string out;
      stack_.push_back(Site{tmpl_, pos, "recursive loop", nullptr});
      {
        Restore r(tmpl_, rec->tmpl);
        exec_for(*rec->node, args.pos[0], rec->frame, loop->depth0 + 1, out);
      }
      stack_.pop_back();
      return Value::string(std::move(out));
    }
    default:
      fail(ErrorKind::Type, "'" + ops::type_name(callee) + "' object is not callable");
  }
}

Value Evaluator::call_macro(const Value& macro, const CallArgs& args, uint32_t pos) {
  auto* m = macro.as<MacroObject>();
  const MacroStmt& node = *m->node;
  const auto& names = node.params.names;
  size_t argc = names.size();
  auto frame = new_frame(m->closure);
  std::vector<std::pair<std::string, Value>> kwargs = args.kw;
  auto take_kw = [&](const std::string& name, Value& out) {
    for (auto it = kwargs.begin(); it != kwargs.end(); ++it) {
      if (it->first == name) {
        out = it->second;
        kwargs.erase(it);
        return true;
      }
    }
    return false;
  };
  // Jinja2's Macro.__call__: positional first, then keywords, then defaults.
  // Small signatures (nearly all) need no allocation for the bookkeeping.
  std::array<Value, 8> small_values;
  std::array<char, 8> small_given{};
  ValueList big_values;
  std::vector<char> big_given;
  if (argc > 8) big_values.resize(argc), big_given.resize(argc, 0);
  Value* values = argc > 8 ? big_values.data() : small_values.data();
  char* given = argc > 8 ? big_given.data() : small_given.data();
  size_t npos = std::min(args.pos.size(), argc);
  for (size_t i = 0; i < npos; ++i) values[i] = args.pos[i], given[i] = true;
  bool explicit_caller =
      std::any_of(names.begin(), names.end(), [](const std::string& n) { return n == "caller"; });
  bool found_caller = false;
  if (npos != argc) {
    for (size_t i = npos; i < argc; ++i) {
      given[i] = take_kw(names[i], values[i]);
      if (names[i] == "caller") found_caller = true;
    }
  } else {
    found_caller = explicit_caller;
  }
  Value caller;
  bool has_caller_slot = node.uses_caller && !found_caller;
  if (has_caller_slot) {
    if (!take_kw("caller", caller)) {
      pos_ = pos;
      caller = undefined("No caller defined");
    }
  }
  Value kwargs_value;
  if (node.uses_kwargs) {
    std::vector<std::pair<Value, Value>> items;
    for (auto& kv : kwargs) items.emplace_back(Value::string(kv.first), kv.second);
    kwargs_value = Value::dict(std::move(items));
  } else if (!kwargs.empty()) {
    for (const auto& kv : kwargs)
      if (kv.first == "caller")
        fail(ErrorKind::Type, "macro '" + m->name +
                                  "' was invoked with two values for the special caller argument");
    fail(ErrorKind::Type, "macro '" + m->name + "' takes no keyword argument '" +
                              kwargs.front().first + "'");
  }
  Value varargs_value;
  if (node.uses_varargs) {
    ValueList extra;
    for (size_t i = argc; i < args.pos.size(); ++i) extra.push_back(args.pos[i]);
    varargs_value = Value::tuple(std::move(extra));
  } else if (args.pos.size() > argc) {
    fail(ErrorKind::Type, "macro '" + m->name + "' takes not more than " + std::to_string(argc) +
                              " argument(s)");
  }
  if (static_cast<int>(stack_.size()) >= env_.limits().max_depth)
    fail(ErrorKind::Recursion,
         "macro calls and includes nested deeper than " +
             std::to_string(env_.limits().max_depth) + " levels",
         recursion_help("macro '" + m->name + "'"));
  stack_.push_back(Site{tmpl_, pos, "macro", &m->name});
  std::string out;
  out.reserve(256);
  {
    Restore r(tmpl_, m->tmpl);
    size_t first_default = argc - node.params.defaults.size();
    for (size_t i = 0; i < argc; ++i) {
      if (!given[i]) {
        if (i >= first_default) {
          values[i] = eval(*node.params.defaults[i - first_default], frame);
        } else {
          pos_ = node.params.name_pos[i];
          values[i] = undefined("parameter '" + names[i] + "' was not provided");
        }
      }
      frame->set(names[i], values[i], false);
    }
    if (has_caller_slot) frame->set("caller", caller, false);
    if (node.uses_kwargs) frame->set("kwargs", kwargs_value, false);
    if (node.uses_varargs) frame->set("varargs", varargs_value, false);
    exec(node.body, frame, out);
  }
  stack_.pop_back();
  recycle(frame);
  return Value::string(std::move(out));
}

Value Evaluator::call_function(const Value& fn, const CallArgs& args) {
  const std::string& name = fn.as<CallableObject>()->name;
  if (name == "range") {
    if (!args.kw.empty()) fail(ErrorKind::Type, "range() takes no keyword arguments");
    if (args.pos.empty() || args.pos.size() > 3)
      fail(ErrorKind::Type, "range expected at least 1 argument, got " + std::to_string(args.pos.size()));
    int64_t v[3] = {0, 0, 0};
    for (size_t i = 0; i < args.pos.size(); ++i) {
      ops::check_defined(args.pos[i]);
      if (!args.pos[i].is_integral())
        fail(ErrorKind::Type, "'" + ops::type_name(args.pos[i]) +
                                  "' object cannot be interpreted as an integer");
      v[i] = args.pos[i].as_int();
    }
    int64_t start = 0, stop, step = 1;
    if (args.pos.size() == 1) stop = v[0];
    else start = v[0], stop = v[1];
    if (args.pos.size() == 3) step = v[2];
    if (step == 0) fail(ErrorKind::Value, "range() arg 3 must not be zero");
    __int128 n = 0;
    if (step > 0 && stop > start) n = ((__int128)stop - start + step - 1) / step;
    if (step < 0 && stop < start) n = ((__int128)start - stop - step - 1) / -step;
    if (n > static_cast<__int128>(ops::kMaxItems))
      fail(ErrorKind::Limit, "range() too large (more than 16M items)");
    return Value::range(start, stop, step);
  }
  if (name == "dict" || name == "namespace") {
    std::vector<std::pair<Value, Value>> items;
    if (args.pos.size() > 1)
      fail(ErrorKind::Type, name + " expected at most 1 argument, got " + std::to_string(args.pos.size()));
    if (args.pos.size() == 1) {
      const Value& src = args.pos[0];
      ops::check_defined(src);
      if (src.kind() == Kind::Dict) {
        for (size_t i = 0; i < src.dict_size(); ++i) items.emplace_back(src.dict_key(i), src.dict_value(i));
      } else {
        for (const auto& pair : ops::to_list(src)) {
          ValueList kv = ops::to_list(pair);
          if (kv.size() != 2)
            fail(ErrorKind::Value, "dictionary update sequence element has length " +
                                       std::to_string(kv.size()) + "; 2 is required");
          ops::check_hashable(kv[0]);
          items.emplace_back(kv[0], kv[1]);
        }
      }
    }
    for (const auto& kv : args.kw) items.emplace_back(Value::string(kv.first), kv.second);
    // Later keys replace earlier equal ones, keeping the first position.
    std::vector<std::pair<Value, Value>> merged;
    for (auto& kv : items) {
      bool replaced = false;
      for (auto& m : merged) {
        if (ops::hash_key(m.first) == ops::hash_key(kv.first)) {
          m.second = kv.second;
          replaced = true;
          break;
        }
      }
      if (!replaced) merged.push_back(kv);
    }
    if (name == "dict") return Value::dict(std::move(merged));
    auto ns = std::make_shared<NamespaceObject>();
    track(ns);
    for (auto& kv : merged) {
      if (!kv.first.is_string()) fail(ErrorKind::Type, "namespace keys must be strings");
      ns->attrs.emplace_back(std::string(kv.first.str()), kv.second);
    }
    return Value::object(Kind::Namespace, std::move(ns));
  }
  fail(ErrorKind::Unsupported, "the Jinja2 global '" + name + "' is not supported by gen");
}

Value Evaluator::eval_inner(const Expr& e, const FramePtr& frame) {
  switch (e.kind) {
    case ExprKind::Const: return static_cast<const ConstExpr&>(e).value;
    case ExprKind::Name: return lookup(static_cast<const NameExpr&>(e).name, frame, e.pos);
    case ExprKind::List:
    case ExprKind::Tuple: {
      const auto& s = static_cast<const SeqExpr&>(e);
      ValueList items;
      items.reserve(s.items.size());
      for (const auto& i : s.items) items.push_back(eval(*i, frame));
      return e.kind == ExprKind::List ? Value::list(std::move(items)) : Value::tuple(std::move(items));
    }
    case ExprKind::Dict: {
      const auto& s = static_cast<const SeqExpr&>(e);
      std::vector<std::pair<Value, Value>> items;
      for (size_t i = 0; i + 1 < s.items.size(); i += 2) {
        Value k = eval(*s.items[i], frame);
        Value v = eval(*s.items[i + 1], frame);
        try {
          ops::check_hashable(k);
        } catch (const OpError& err) {
          raise(err, s.items[i]->pos);
        }
        std::string hk = ops::hash_key(k);
        bool replaced = false;
        for (auto& kv : items) {
          if (ops::hash_key(kv.first) == hk) {
            kv.second = v;
            replaced = true;
            break;
          }
        }
        if (!replaced) items.emplace_back(std::move(k), std::move(v));
      }
      return Value::dict(std::move(items));
    }
    case ExprKind::GetAttr: {
      const auto& g = static_cast<const GetAttrExpr&>(e);
      Value obj = eval(*g.obj, frame);
      pos_ = e.pos;
      return getattr(obj, g.attr, &g.slot_hint, g.dict_method);
    }
    case ExprKind::GetItem: {
      const auto& g = static_cast<const GetItemExpr&>(e);
      Value obj = eval(*g.obj, frame);
      if (g.key->kind == ExprKind::Slice) {
        pos_ = e.pos;
        return slice(obj, static_cast<const SliceExpr&>(*g.key), frame);
      }
      Value key = eval(*g.key, frame);
      pos_ = e.pos;
      return getitem(obj, key, &g.slot_hint);
    }
    case ExprKind::Slice: fail(ErrorKind::Syntax, "a slice is only allowed in []");
    case ExprKind::Call: {
      const auto& c = static_cast<const CallExpr&>(e);
      Value callee = eval(*c.callee, frame);
      CallArgs args;
      eval_args(c.call, frame, args);
      pos_ = e.pos;
      return call(callee, args, e.pos);
    }
    case ExprKind::Filter: return eval_filter(static_cast<const FilterExpr&>(e), frame, nullptr);
    case ExprKind::Test: return Value::boolean(eval_test(static_cast<const FilterExpr&>(e), frame));
    case ExprKind::Not:
      return Value::boolean(!ops::truthy(eval(*static_cast<const UnaryExpr&>(e).operand, frame)));
    case ExprKind::Neg: return ops::negate(eval(*static_cast<const UnaryExpr&>(e).operand, frame));
    case ExprKind::Pos: return ops::plus(eval(*static_cast<const UnaryExpr&>(e).operand, frame));
    case ExprKind::And:
    case ExprKind::Or: {
      const auto& b = static_cast<const BinaryExpr&>(e);
      Value left = eval(*b.left, frame);
      bool t = ops::truthy(left);
      if (e.kind == ExprKind::And ? !t : t) return left;
      return eval(*b.right, frame);
    }
    case ExprKind::Binary: {
      const auto& b = static_cast<const BinaryExpr&>(e);
      Value l = eval(*b.left, frame);
      Value r = eval(*b.right, frame);
      switch (b.op) {
        case BinOp::Add: return ops::add(l, r);
        case BinOp::Sub: return ops::sub(l, r);
        case BinOp::Mul: return ops::mul(l, r);
        case BinOp::Div: return ops::truediv(l, r);
        case BinOp::FloorDiv: return ops::floordiv(l, r);
        case BinOp::Mod: return ops::mod(l, r);
        case BinOp::Pow: return ops::power(l, r);
      }
      return Value();
    }
    case ExprKind::Concat: {
      const auto& c = static_cast<const ConcatExpr&>(e);
      std::string s;
      for (const auto& i : c.items) {
        Value v = eval(*i, frame);
        try {
          ops::append_str(s, v);
        } catch (const OpError& err) {
          raise(err, i->pos);
        }
        ops::check_size(s.size(), false);
      }
      return Value::string(std::move(s));
    }
    case ExprKind::Compare: {
      const auto& c = static_cast<const CompareExpr&>(e);
      Value left = eval(*c.first, frame);
      for (size_t i = 0; i < c.rest.size(); ++i) {
        Value right = eval(*c.rest[i].second, frame);
        bool r;
        try {
          switch (c.rest[i].first) {
            case CmpOp::Eq: r = ops::compare(ops::CompareOp::Eq, left, right); break;
            case CmpOp::Ne: r = ops::compare(ops::CompareOp::Ne, left, right); break;
            case CmpOp::Lt: r = ops::compare(ops::CompareOp::Lt, left, right); break;
            case CmpOp::Le: r = ops::compare(ops::CompareOp::Le, left, right); break;
            case CmpOp::Gt: r = ops::compare(ops::CompareOp::Gt, left, right); break;
            case CmpOp::Ge: r = ops::compare(ops::CompareOp::Ge, left, right); break;
            case CmpOp::In: r = ops::contains(right, left); break;
            case CmpOp::NotIn: r = !ops::contains(right, left); break;
          }
        } catch (const OpError& err) {
          raise(err, c.op_pos[i]);
        }
        if (!r) return Value::boolean(false);
        left = std::move(right);
      }
      return Value::boolean(true);
    }
    case ExprKind::CondExpr: {
      const auto& c = static_cast<const CondExpr&>(e);
      if (ops::truthy(eval(*c.test, frame))) return eval(*c.then, frame);
      if (c.otherwise) return eval(*c.otherwise, frame);
      pos_ = e.pos;
      int line = 0, col = 0;
      tmpl_->locate(e.pos, line, col);
      Value u = undefined("the inline if-expression on line " + std::to_string(line) +
                          " evaluated to false and no else section was defined.");
      u.as<UndefinedObject>()->lenient = true;
      return u;
    }
  }
  return Value();
}

}  // namespace gen::tmpl

// The parsed form of a template. Every node keeps the byte offset of the
// token it came from (`pos`); only an error turns it into line and column.
// Expressions and statements are plain structs; the evaluator walks them.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "template/value.h"

namespace gen::tmpl {

// ---------------------------------------------------------------- expressions

enum class ExprKind : uint8_t {
  Const, Name, List, Tuple, Dict, GetAttr, GetItem, Slice, Call, Filter, Test,
  Not, Neg, Pos, Binary, And, Or, Concat, Compare, CondExpr,
};

enum class BinOp : uint8_t { Add, Sub, Mul, Div, FloorDiv, Mod, Pow };
enum class CmpOp : uint8_t { Eq, Ne, Lt, Le, Gt, Ge, In, NotIn };

struct Expr {
  ExprKind kind;
  uint32_t pos;
  Expr(ExprKind k, uint32_t p) : kind(k), pos(p) {}
  virtual ~Expr() = default;
};
using ExprPtr = std::unique_ptr<Expr>;

struct ConstExpr : Expr {
  Value value;
  std::string text;  // a string constant's storage (value borrows it)
  explicit ConstExpr(uint32_t p) : Expr(ExprKind::Const, p) {}
};

struct NameExpr : Expr {
  std::string name;
  NameExpr(uint32_t p, std::string n) : Expr(ExprKind::Name, p), name(std::move(n)) {}
};

// List, Tuple: `items`; Dict: `items` as key, value, key, value, ...
struct SeqExpr : Expr {
  std::vector<ExprPtr> items;
  SeqExpr(ExprKind k, uint32_t p) : Expr(k, p) {}
};

struct GetAttrExpr : Expr {
  ExprPtr obj;
  std::string attr;
  // Where `attr` was found in the last JSON object looked at: objects of the
  // same shape (a list of modules) then need no search. A cache only (the
  // Environment is single-threaded), never a semantic difference.
  mutable uint32_t slot_hint = 0;
  bool dict_method = false;  // `attr` names a dict method (found before any key)
  explicit GetAttrExpr(uint32_t p) : Expr(ExprKind::GetAttr, p) {}
};

struct GetItemExpr : Expr {
  ExprPtr obj;
  ExprPtr key;  // may be a SliceExpr
  mutable uint32_t slot_hint = 0;  // as GetAttrExpr's, for string keys
  explicit GetItemExpr(uint32_t p) : Expr(ExprKind::GetItem, p) {}
};

struct SliceExpr : Expr {
  ExprPtr start, stop, step;  // each may be null
  explicit SliceExpr(uint32_t p) : Expr(ExprKind::Slice, p) {}
};

// Arguments of a call, filter or test.
struct CallArgsExpr {
  std::vector<ExprPtr> args;
  std::vector<std::pair<std::string, ExprPtr>> kwargs;
  ExprPtr dyn_args;    // *args
  ExprPtr dyn_kwargs;  // **kwargs
};

struct CallExpr : Expr {
  ExprPtr callee;
  CallArgsExpr call;
  explicit CallExpr(uint32_t p) : Expr(ExprKind::Call, p) {}
};

// `input|name(args)` (input is null in a filter block: the block's output)
// and `input is name(args)`. `id` indexes the environment's table.
struct FilterExpr : Expr {
  ExprPtr input;
  std::string name;
  int id = -1;
  CallArgsExpr call;
  FilterExpr(ExprKind k, uint32_t p) : Expr(k, p) {}
};

struct UnaryExpr : Expr {
  ExprPtr operand;
  UnaryExpr(ExprKind k, uint32_t p) : Expr(k, p) {}
};

struct BinaryExpr : Expr {
  BinOp op;
  ExprPtr left, right;
  BinaryExpr(ExprKind k, uint32_t p, BinOp o) : Expr(k, p), op(o) {}
};

struct ConcatExpr : Expr {
  std::vector<ExprPtr> items;
  explicit ConcatExpr(uint32_t p) : Expr(ExprKind::Concat, p) {}
};

struct CompareExpr : Expr {
  ExprPtr first;
  std::vector<std::pair<CmpOp, ExprPtr>> rest;
  std::vector<uint32_t> op_pos;
  explicit CompareExpr(uint32_t p) : Expr(ExprKind::Compare, p) {}
};

struct CondExpr : Expr {
  ExprPtr test, then, otherwise;  // otherwise may be null
  explicit CondExpr(uint32_t p) : Expr(ExprKind::CondExpr, p) {}
};

// ----------------------------------------------------------------- statements

enum class StmtKind : uint8_t {
  Text, Print, If, For, Set, SetBlock, Macro, CallBlock, FilterBlock, With,
  Include, Import, FromImport,
};

struct Stmt {
  StmtKind kind;
  uint32_t pos;
  Stmt(StmtKind k, uint32_t p) : kind(k), pos(p) {}
  virtual ~Stmt() = default;
};
using StmtPtr = std::unique_ptr<Stmt>;
using Body = std::vector<StmtPtr>;

struct TextStmt : Stmt {
  std::string text;
  TextStmt(uint32_t p, std::string t) : Stmt(StmtKind::Text, p), text(std::move(t)) {}
};

struct PrintStmt : Stmt {
  ExprPtr expr;
  explicit PrintStmt(uint32_t p) : Stmt(StmtKind::Print, p) {}
};

struct IfStmt : Stmt {
  std::vector<std::pair<ExprPtr, Body>> branches;  // if, elif, ...
  Body otherwise;
  explicit IfStmt(uint32_t p) : Stmt(StmtKind::If, p) {}
};

// An assignment target: one name, a tuple of targets, or `ns.attr`.
struct Target {
  uint32_t pos = 0;
  std::string name;             // a name (when `items` is empty and !is_tuple)
  std::string attr;             // set for namespace targets `name.attr`
  bool is_tuple = false;
  std::vector<Target> items;    // tuple targets
};

struct ForStmt : Stmt {
  Target target;
  ExprPtr iter;
  ExprPtr filter;  // `for x in y if cond`
  bool recursive = false;
  bool uses_loop = true;  // whether anything inside reads `loop` (else none is made)
  Body body, otherwise;
  explicit ForStmt(uint32_t p) : Stmt(StmtKind::For, p) {}
};

struct SetStmt : Stmt {
  Target target;
  ExprPtr value;
  explicit SetStmt(uint32_t p) : Stmt(StmtKind::Set, p) {}
};

// {% set x | filters %}body{% endset %}; `filter` chains FilterExprs whose
// innermost input is null (the body's output).
struct SetBlockStmt : Stmt {
  Target target;
  ExprPtr filter;
  Body body;
  explicit SetBlockStmt(uint32_t p) : Stmt(StmtKind::SetBlock, p) {}
};

struct MacroParams {
  std::vector<std::string> names;
  std::vector<uint32_t> name_pos;
  std::vector<ExprPtr> defaults;  // for the last defaults.size() names
};

struct MacroStmt : Stmt {
  std::string name;
  MacroParams params;
  Body body;
  // Whether the body reads `caller`, `varargs`, `kwargs` (Jinja2 decides the
  // macro's signature from this).
  bool uses_caller = false, uses_varargs = false, uses_kwargs = false;
  explicit MacroStmt(uint32_t p) : Stmt(StmtKind::Macro, p) {}
};

struct CallBlockStmt : Stmt {
  std::unique_ptr<CallExpr> call;
  MacroStmt caller{0};  // the block as an anonymous macro named "caller"
  explicit CallBlockStmt(uint32_t p) : Stmt(StmtKind::CallBlock, p) {}
};

struct FilterBlockStmt : Stmt {
  ExprPtr filter;  // chain of FilterExprs, innermost input null
  Body body;
  explicit FilterBlockStmt(uint32_t p) : Stmt(StmtKind::FilterBlock, p) {}
};

struct WithStmt : Stmt {
  std::vector<Target> targets;
  std::vector<ExprPtr> values;
  Body body;
  explicit WithStmt(uint32_t p) : Stmt(StmtKind::With, p) {}
};

struct IncludeStmt : Stmt {
  ExprPtr name;
  bool ignore_missing = false;
  bool with_context = true;
  explicit IncludeStmt(uint32_t p) : Stmt(StmtKind::Include, p) {}
};

struct ImportStmt : Stmt {
  ExprPtr name;
  std::string target;
  bool with_context = false;
  explicit ImportStmt(uint32_t p) : Stmt(StmtKind::Import, p) {}
};

struct FromImportStmt : Stmt {
  ExprPtr name;
  std::vector<std::pair<std::string, std::string>> names;  // (exported, local)
  std::vector<uint32_t> name_pos;
  bool with_context = false;
  explicit FromImportStmt(uint32_t p) : Stmt(StmtKind::FromImport, p) {}
};

}  // namespace gen::tmpl

#include "template/parser.h"

#include <algorithm>
#include <set>

#include "template/lexer.h"
#include "template/methods.h"
#include "util/spellcheck.h"

namespace gen::tmpl {
namespace {

// Deepest nesting of expressions or blocks the parser accepts; Python's own
// recursion limit stops Jinja2 a little above this.
constexpr int kMaxNesting = 200;

std::string quote(const std::string& s) { return "'" + s + "'"; }

class Parser {
 public:
  Parser(std::vector<Token> tokens) : toks_(std::move(tokens)) {}

  Body parse_all() {
    Body body = subparse({});
    return body;
  }

 private:
  // ------------------------------------------------------------ token stream
  const Token& cur() const { return toks_[i_]; }
  const Token& look() const { return toks_[std::min(i_ + 1, toks_.size() - 1)]; }
  const Token& next() {
    const Token& t = toks_[i_];
    if (i_ + 1 < toks_.size()) ++i_;
    return t;
  }
  bool skip_if(Tok t) {
    if (cur().type != t) return false;
    next();
    return true;
  }
  bool skip_name(const char* n) {
    if (!cur().is_name(n)) return false;
    next();
    return true;
  }

  [[noreturn]] void fail(const std::string& msg, uint32_t at, std::string help = "",
                         bool unsupported = false) const {
    throw ParseError{at, msg, std::move(help), unsupported};
  }
  [[noreturn]] void fail(const std::string& msg) const { fail(msg, cur().offset); }

  const Token& expect(Tok t) {
    if (cur().type != t) {
      if (cur().type == Tok::Eof) fail("unexpected end of template, expected " + quote(describe(t)) + ".");
      fail("expected token " + quote(describe(t)) + ", got " + quote(describe(cur())));
    }
    return next();
  }
  const Token& expect_name(const char* n) {
    if (!cur().is_name(n)) {
      if (cur().type == Tok::Eof) fail(std::string("unexpected end of template, expected '") + n + "'.");
      fail(std::string("expected token '") + n + "', got " + quote(describe(cur())));
    }
    return next();
  }

  struct Nest {
    int& depth;
    Nest(int& d, const Parser& p) : depth(d) {
      if (++depth > kMaxNesting) {
        --depth;
        p.fail("template nested too deeply (more than 200 levels)");
      }
    }
    ~Nest() { --depth; }
  };

  // -------------------------------------------------------------- statements
  using EndTokens = std::vector<const char*>;

  bool at_end_token(const EndTokens& ends) const {
    for (const char* e : ends)
      if (cur().is_name(e)) return true;
    return false;
  }

  Body subparse(const EndTokens& ends) {
    Body body;
    if (!ends.empty()) end_stack_.push_back(ends);
    struct Pop {
      Parser& p;
      bool active;
      ~Pop() {
        if (active) p.end_stack_.pop_back();
      }
    } pop{*this, !ends.empty()};
    while (cur().type != Tok::Eof) {
      const Token& t = cur();
      if (t.type == Tok::Data) {
        body.push_back(std::make_unique<TextStmt>(t.offset, t.text));
        next();
      } else if (t.type == Tok::VariableBegin) {
        next();
        auto p = std::make_unique<PrintStmt>(cur().offset);
        p->expr = parse_tuple(false, true, {}, false);
        expect(Tok::VariableEnd);
        body.push_back(std::move(p));
      } else if (t.type == Tok::BlockBegin) {
        next();
        if (!ends.empty() && at_end_token(ends)) return body;
        parse_statement(body);
        expect(Tok::BlockEnd);
      } else {
        fail("internal parsing error");
      }
    }
    return body;
  }

  Body parse_statements(const EndTokens& ends, bool drop_needle) {
    skip_if(Tok::Colon);
    expect(Tok::BlockEnd);
    Body body = subparse(ends);
    if (cur().type == Tok::Eof) fail_eof(ends);
    if (drop_needle) next();
    return body;
  }

  [[noreturn]] void fail_unknown(const std::string* name, std::vector<EndTokens> stack,
                                 uint32_t at) const {
    std::set<std::string> expected;
    for (const auto& ends : stack)
      for (const char* e : ends) expected.insert(e);
    std::string looking;
    if (!stack.empty()) {
      for (const char* e : stack.back()) {
        if (!looking.empty()) looking += " or ";
        looking += quote(e);
      }
    }
    std::string msg = name ? "Encountered unknown tag " + quote(*name) + "."
                           : std::string("Unexpected end of template.");
    if (!looking.empty()) {
      if (name && expected.count(*name))
        msg += " You probably made a nesting mistake. gen is expecting this tag, but currently "
               "looking for " + looking + ".";
      else
        msg += " gen was looking for the following tags: " + looking + ".";
    }
    if (!tag_stack_.empty())
      msg += " The innermost block that needs to be closed is " + quote(tag_stack_.back()) + ".";
    std::string help;
    if (name) {
      static const std::vector<std::string> tags = {
          "if", "elif", "else", "endif", "for", "endfor", "set", "endset", "macro",
          "endmacro", "call", "endcall", "filter", "endfilter", "with", "endwith",
          "include", "import", "from", "raw", "endraw", "print"};
      if (*name == "do" || *name == "break" || *name == "continue" || *name == "trans" ||
          *name == "debug" || *name == "autoescape" || *name == "endautoescape")
        help = "'" + *name + "' needs a Jinja2 extension, which gen does not support";
      else if (auto m = closest_match(*name, tags);
               !m.empty() && std::find(tags.begin(), tags.end(), *name) == tags.end())
        help = "did you mean '" + m + "'?";
    }
    fail(msg, at, help);
  }

  [[noreturn]] void fail_eof(const EndTokens& ends) const {
    auto stack = end_stack_;
    stack.push_back(ends);
    fail_unknown(nullptr, stack, cur().offset);
  }

  void parse_statement(Body& out) {
    const Token& tok = cur();
    if (tok.type != Tok::Name) fail("tag name expected");
    std::string name = tok.text;
    uint32_t at = tok.offset;
    static const std::set<std::string> known = {
        "for",  "if",      "set",    "macro",   "call",    "filter",     "with",
        "include", "import", "from", "print", "extends", "block", "autoescape"};
    if (!known.count(name)) fail_unknown(&name, end_stack_, at);
    if (name == "extends" || name == "block")
      fail("template inheritance ({% " + name + " %}) is not supported by gen", at,
           "use {% include %} or {% import %} with macros instead", true);
    if (name == "autoescape")
      fail("{% autoescape %} is not supported by gen (gen never escapes output)", at, "", true);
    Nest nest(depth_, *this);
    tag_stack_.push_back(name);
    struct Pop {
      std::vector<std::string>& s;
      ~Pop() { s.pop_back(); }
    } pop{tag_stack_};
    if (name == "for") return out.push_back(parse_for());
    if (name == "if") return out.push_back(parse_if());
    if (name == "set") return out.push_back(parse_set());
    if (name == "macro") return out.push_back(parse_macro());
    if (name == "call") return out.push_back(parse_call_block());
    if (name == "filter") return out.push_back(parse_filter_block());
    if (name == "with") return out.push_back(parse_with());
    if (name == "include") return out.push_back(parse_include());
    if (name == "import") return out.push_back(parse_import());
    if (name == "from") return out.push_back(parse_from());
    // print
    next();
    bool first = true;
    while (cur().type != Tok::BlockEnd) {
      if (!first) expect(Tok::Comma);
      first = false;
      auto p = std::make_unique<PrintStmt>(cur().offset);
      p->expr = parse_expression(true);
      out.push_back(std::move(p));
    }
  }

  std::unique_ptr<ForStmt> parse_for() {
    auto node = std::make_unique<ForStmt>(expect_name("for").offset);
    node->target = parse_assign_target(true, false, {"in"}, false);
    expect_name("in");
    node->iter = parse_tuple(false, false, {"recursive"}, false);
    if (skip_name("if")) node->filter = parse_expression(true);
    if (skip_name("recursive")) node->recursive = true;
    node->body = parse_statements({"endfor", "else"}, false);
    if (next().text == "endfor") return node;
    node->otherwise = parse_statements({"endfor"}, true);
    return node;
  }

  std::unique_ptr<IfStmt> parse_if() {
    auto node = std::make_unique<IfStmt>(expect_name("if").offset);
    while (true) {
      ExprPtr test = parse_tuple(false, false, {}, false);
      Body body = parse_statements({"elif", "else", "endif"}, false);
      node->branches.emplace_back(std::move(test), std::move(body));
      const Token& t = next();
      if (t.is_name("elif")) continue;
      if (t.is_name("else")) node->otherwise = parse_statements({"endif"}, true);
      break;
    }
    return node;
  }

  StmtPtr parse_set() {
    uint32_t at = next().offset;
    Target target = parse_assign_target(true, false, {}, true);
    if (skip_if(Tok::Assign)) {
      auto node = std::make_unique<SetStmt>(at);
      node->target = std::move(target);
      node->value = parse_tuple(false, true, {}, false);
      return node;
    }
    auto node = std::make_unique<SetBlockStmt>(at);
    node->target = std::move(target);
    node->filter = parse_filter(nullptr, false);
    node->body = parse_statements({"endset"}, true);
    return node;
  }

  std::unique_ptr<WithStmt> parse_with() {
    auto node = std::make_unique<WithStmt>(next().offset);
    while (cur().type != Tok::BlockEnd) {
      if (!node->targets.empty()) expect(Tok::Comma);
      node->targets.push_back(parse_assign_target(true, false, {}, false));
      expect(Tok::Assign);
      node->values.push_back(parse_expression(true));
    }
    node->body = parse_statements({"endwith"}, true);
    return node;
  }

  void parse_signature(MacroParams& params) {
    expect(Tok::LParen);
    while (cur().type != Tok::RParen) {
      if (!params.names.empty()) expect(Tok::Comma);
      uint32_t at = cur().offset;
      Target arg = parse_assign_target(true, true, {}, false);
      if (skip_if(Tok::Assign)) params.defaults.push_back(parse_expression(true));
      else if (!params.defaults.empty()) fail("non-default argument follows default argument");
      params.names.push_back(arg.name);
      params.name_pos.push_back(at);
    }
    expect(Tok::RParen);
  }

  std::unique_ptr<MacroStmt> parse_macro() {
    auto node = std::make_unique<MacroStmt>(next().offset);
    node->name = parse_assign_target(true, true, {}, false).name;
    parse_signature(node->params);
    node->body = parse_statements({"endmacro"}, true);
    return node;
  }

  std::unique_ptr<CallBlockStmt> parse_call_block() {
    auto node = std::make_unique<CallBlockStmt>(next().offset);
    node->caller.name = "caller";
    node->caller.pos = node->pos;
    if (cur().type == Tok::LParen) parse_signature(node->caller.params);
    uint32_t at = cur().offset;
    ExprPtr call = parse_expression(true);
    if (call->kind != ExprKind::Call) fail("expected call", at);
    node->call.reset(static_cast<CallExpr*>(call.release()));
    node->caller.body = parse_statements({"endcall"}, true);
    return node;
  }

  std::unique_ptr<FilterBlockStmt> parse_filter_block() {
    auto node = std::make_unique<FilterBlockStmt>(next().offset);
    node->filter = parse_filter(nullptr, true);
    node->body = parse_statements({"endfilter"}, true);
    return node;
  }

  // `with context` / `without context`
  bool parse_context(bool& with_context) {
    if ((cur().is_name("with") || cur().is_name("without")) && look().is_name("context")) {
      with_context = next().text == "with";
      next();
      return true;
    }
    return false;
  }

  std::unique_ptr<IncludeStmt> parse_include() {
    auto node = std::make_unique<IncludeStmt>(next().offset);
    node->name = parse_expression(true);
    if (cur().is_name("ignore") && look().is_name("missing")) {
      node->ignore_missing = true;
      next();
      next();
    }
    if (!parse_context(node->with_context)) node->with_context = true;
    return node;
  }

  std::unique_ptr<ImportStmt> parse_import() {
    auto node = std::make_unique<ImportStmt>(next().offset);
    node->name = parse_expression(true);
    expect_name("as");
    node->target = parse_assign_target(true, true, {}, false).name;
    if (!parse_context(node->with_context)) node->with_context = false;
    return node;
  }

  std::unique_ptr<FromImportStmt> parse_from() {
    auto node = std::make_unique<FromImportStmt>(next().offset);
    node->name = parse_expression(true);
    expect_name("import");
    while (true) {
      if (!node->names.empty()) expect(Tok::Comma);
      if (cur().type == Tok::Name) {
        if (parse_context(node->with_context)) break;
        uint32_t at = cur().offset;
        std::string target = parse_assign_target(true, true, {}, false).name;
        if (!target.empty() && target[0] == '_')
          fail("names starting with an underline can not be imported", at);
        std::string alias = target;
        if (skip_name("as")) alias = parse_assign_target(true, true, {}, false).name;
        node->names.emplace_back(target, alias);
        node->name_pos.push_back(at);
        if (parse_context(node->with_context) || cur().type != Tok::Comma) break;
      } else {
        expect(Tok::Name);
      }
    }
    return node;
  }

  // ------------------------------------------------------------- targets

  Target to_target(const Expr& e) {
    Target t;
    t.pos = e.pos;
    if (e.kind == ExprKind::Name) {
      t.name = static_cast<const NameExpr&>(e).name;
      return t;
    }
    if (e.kind == ExprKind::Tuple) {
      t.is_tuple = true;
      for (const auto& item : static_cast<const SeqExpr&>(e).items) t.items.push_back(to_target(*item));
      return t;
    }
    const char* what = e.kind == ExprKind::Const ? "const"
                       : e.kind == ExprKind::List ? "list"
                       : e.kind == ExprKind::Dict ? "dict"
                       : e.kind == ExprKind::GetAttr ? "getattr"
                       : e.kind == ExprKind::GetItem ? "getitem"
                       : e.kind == ExprKind::Call ? "call" : "expression";
    fail(std::string("can't assign to '") + what + "'", e.pos);
  }

  Target parse_assign_target(bool with_tuple, bool name_only, const EndTokens& extra_end,
                             bool with_namespace) {
    if (with_namespace && look().type == Tok::Dot) {
      Target t;
      const Token& n = expect(Tok::Name);
      t.pos = n.offset;
      t.name = n.text;
      next();
      t.attr = expect(Tok::Name).text;
      return t;
    }
    if (name_only) {
      const Token& n = expect(Tok::Name);
      Target t;
      t.pos = n.offset;
      t.name = n.text;
      if (t.name == "true" || t.name == "false" || t.name == "none" || t.name == "True" ||
          t.name == "False" || t.name == "None")
        fail("can't assign to 'name'", n.offset);
      return t;
    }
    ExprPtr e = with_tuple ? parse_tuple(true, true, extra_end, false) : parse_primary();
    return to_target(*e);
  }

  // ----------------------------------------------------------- expressions

  ExprPtr parse_expression(bool with_condexpr) {
    Nest nest(depth_, *this);
    return with_condexpr ? parse_condexpr() : parse_or();
  }

  ExprPtr parse_condexpr() {
    uint32_t at = cur().offset;
    ExprPtr expr1 = parse_or();
    while (skip_name("if")) {
      auto c = std::make_unique<CondExpr>(at);
      c->test = parse_or();
      if (skip_name("else")) c->otherwise = parse_condexpr();
      c->then = std::move(expr1);
      expr1 = std::move(c);
      at = cur().offset;
    }
    return expr1;
  }

  ExprPtr parse_or() {
    ExprPtr left = parse_and();
    while (cur().is_name("or")) {
      uint32_t at = next().offset;
      auto b = std::make_unique<BinaryExpr>(ExprKind::Or, at, BinOp::Add);
      b->left = std::move(left);
      b->right = parse_and();
      left = std::move(b);
    }
    return left;
  }

  ExprPtr parse_and() {
    ExprPtr left = parse_not();
    while (cur().is_name("and")) {
      uint32_t at = next().offset;
      auto b = std::make_unique<BinaryExpr>(ExprKind::And, at, BinOp::Add);
      b->left = std::move(left);
      b->right = parse_not();
      left = std::move(b);
    }
    return left;
  }

  ExprPtr parse_not() {
    if (cur().is_name("not")) {
      Nest nest(depth_, *this);
      auto u = std::make_unique<UnaryExpr>(ExprKind::Not, next().offset);
      u->operand = parse_not();
      return u;
    }
    return parse_compare();
  }

  ExprPtr parse_compare() {
    uint32_t at = cur().offset;
    ExprPtr expr = parse_math1();
    std::unique_ptr<CompareExpr> cmp;
    while (true) {
      CmpOp op;
      uint32_t op_at = cur().offset;
      Tok t = cur().type;
      if (t == Tok::Eq) op = CmpOp::Eq;
      else if (t == Tok::Ne) op = CmpOp::Ne;
      else if (t == Tok::Lt) op = CmpOp::Lt;
      else if (t == Tok::LtEq) op = CmpOp::Le;
      else if (t == Tok::Gt) op = CmpOp::Gt;
      else if (t == Tok::GtEq) op = CmpOp::Ge;
      else if (cur().is_name("in")) op = CmpOp::In;
      else if (cur().is_name("not") && look().is_name("in")) {
        op = CmpOp::NotIn;
        next();
      } else {
        break;
      }
      next();
      if (!cmp) {
        cmp = std::make_unique<CompareExpr>(at);
        cmp->first = std::move(expr);
      }
      cmp->rest.emplace_back(op, parse_math1());
      cmp->op_pos.push_back(op_at);
    }
    if (!cmp) return expr;
    return cmp;
  }

  ExprPtr binary(BinOp op, uint32_t at, ExprPtr left, ExprPtr right) {
    auto b = std::make_unique<BinaryExpr>(ExprKind::Binary, at, op);
    b->left = std::move(left);
    b->right = std::move(right);
    return b;
  }

  ExprPtr parse_math1() {
    ExprPtr left = parse_concat();
    while (cur().type == Tok::Add || cur().type == Tok::Sub) {
      BinOp op = cur().type == Tok::Add ? BinOp::Add : BinOp::Sub;
      uint32_t at = next().offset;
      left = binary(op, at, std::move(left), parse_concat());
    }
    return left;
  }

  ExprPtr parse_concat() {
    uint32_t at = cur().offset;
    ExprPtr first = parse_math2();
    if (cur().type != Tok::Tilde) return first;
    auto c = std::make_unique<ConcatExpr>(at);
    c->items.push_back(std::move(first));
    while (skip_if(Tok::Tilde)) c->items.push_back(parse_math2());
    return c;
  }

  ExprPtr parse_math2() {
    ExprPtr left = parse_pow();
    while (true) {
      BinOp op;
      Tok t = cur().type;
      if (t == Tok::Mul) op = BinOp::Mul;
      else if (t == Tok::Div) op = BinOp::Div;
      else if (t == Tok::FloorDiv) op = BinOp::FloorDiv;
      else if (t == Tok::Mod) op = BinOp::Mod;
      else break;
      uint32_t at = next().offset;
      left = binary(op, at, std::move(left), parse_pow());
    }
    return left;
  }

  ExprPtr parse_pow() {
    ExprPtr left = parse_unary(true);
    while (cur().type == Tok::Pow) {
      uint32_t at = next().offset;
      left = binary(BinOp::Pow, at, std::move(left), parse_unary(true));
    }
    return left;
  }

  ExprPtr parse_unary(bool with_filter) {
    Nest nest(depth_, *this);
    ExprPtr node;
    if (cur().type == Tok::Sub || cur().type == Tok::Add) {
      ExprKind k = cur().type == Tok::Sub ? ExprKind::Neg : ExprKind::Pos;
      auto u = std::make_unique<UnaryExpr>(k, next().offset);
      u->operand = parse_unary(false);
      node = std::move(u);
    } else {
      node = parse_primary();
    }
    node = parse_postfix(std::move(node));
    if (with_filter) node = parse_filter_expr(std::move(node));
    return node;
  }

  ExprPtr parse_primary() {
    Nest nest(depth_, *this);
    const Token& t = cur();
    if (t.type == Tok::Name) {
      uint32_t at = t.offset;
      std::string n = next().text;
      if (n == "true" || n == "false" || n == "True" || n == "False") {
        auto c = std::make_unique<ConstExpr>(at);
        c->value = Value::boolean(n == "true" || n == "True");
        return c;
      }
      if (n == "none" || n == "None") return std::make_unique<ConstExpr>(at);
      return std::make_unique<NameExpr>(at, n);
    }
    if (t.type == Tok::String) {
      auto c = std::make_unique<ConstExpr>(t.offset);
      while (cur().type == Tok::String) c->text += next().text;
      c->value = Value::string_ref(&c->text);
      return c;
    }
    if (t.type == Tok::Integer || t.type == Tok::Float) {
      auto c = std::make_unique<ConstExpr>(t.offset);
      c->value = t.type == Tok::Integer ? Value::integer(t.ival) : Value::floating(t.fval);
      next();
      return c;
    }
    if (t.type == Tok::LParen) {
      next();
      ExprPtr e = parse_tuple(false, true, {}, true);
      expect(Tok::RParen);
      return e;
    }
    if (t.type == Tok::LBracket) {
      auto l = std::make_unique<SeqExpr>(ExprKind::List, next().offset);
      while (cur().type != Tok::RBracket) {
        if (!l->items.empty()) expect(Tok::Comma);
        if (cur().type == Tok::RBracket) break;
        l->items.push_back(parse_expression(true));
      }
      expect(Tok::RBracket);
      return l;
    }
    if (t.type == Tok::LBrace) {
      auto d = std::make_unique<SeqExpr>(ExprKind::Dict, next().offset);
      while (cur().type != Tok::RBrace) {
        if (!d->items.empty()) expect(Tok::Comma);
        if (cur().type == Tok::RBrace) break;
        d->items.push_back(parse_expression(true));
        expect(Tok::Colon);
        d->items.push_back(parse_expression(true));
      }
      expect(Tok::RBrace);
      return d;
    }
    fail("unexpected " + quote(describe(t)));
  }

  ExprPtr parse_tuple(bool simplified, bool with_condexpr, const EndTokens& extra_end,
                      bool explicit_parens) {
    uint32_t at = cur().offset;
    std::vector<ExprPtr> args;
    bool is_tuple = false;
    while (true) {
      if (!args.empty()) expect(Tok::Comma);
      Tok t = cur().type;
      if (t == Tok::VariableEnd || t == Tok::BlockEnd || t == Tok::RParen) break;
      bool extra = false;
      for (const char* e : extra_end)
        if (cur().is_name(e)) extra = true;
      if (extra) break;
      args.push_back(simplified ? parse_primary() : parse_expression(with_condexpr));
      if (cur().type == Tok::Comma) is_tuple = true;
      else break;
    }
    if (!is_tuple) {
      if (!args.empty()) return std::move(args[0]);
      if (!explicit_parens) fail("Expected an expression, got " + quote(describe(cur())));
    }
    auto tup = std::make_unique<SeqExpr>(ExprKind::Tuple, at);
    tup->items = std::move(args);
    return tup;
  }

  ExprPtr parse_postfix(ExprPtr node) {
    while (true) {
      Tok t = cur().type;
      if (t == Tok::Dot || t == Tok::LBracket) node = parse_subscript(std::move(node));
      else if (t == Tok::LParen) node = parse_call(std::move(node));
      else break;
    }
    return node;
  }

  ExprPtr parse_filter_expr(ExprPtr node) {
    while (true) {
      Tok t = cur().type;
      if (t == Tok::Pipe) node = parse_filter(std::move(node), false);
      else if (cur().is_name("is")) node = parse_test(std::move(node));
      else if (t == Tok::LParen) node = parse_call(std::move(node));
      else break;
    }
    return node;
  }

  ExprPtr parse_subscript(ExprPtr node) {
    Nest nest(depth_, *this);
    const Token& tok = next();
    if (tok.type == Tok::Dot) {
      const Token& attr = cur();
      next();
      if (attr.type == Tok::Name) {
        auto g = std::make_unique<GetAttrExpr>(attr.offset);
        g->obj = std::move(node);
        g->attr = attr.text;
        g->dict_method = is_dict_method(g->attr);
        return g;
      }
      if (attr.type != Tok::Integer) fail("expected name or number", attr.offset);
      auto g = std::make_unique<GetItemExpr>(attr.offset);
      g->obj = std::move(node);
      auto c = std::make_unique<ConstExpr>(attr.offset);
      c->value = Value::integer(attr.ival);
      g->key = std::move(c);
      return g;
    }
    // '['
    uint32_t at = tok.offset;
    std::vector<ExprPtr> args;
    while (cur().type != Tok::RBracket) {
      if (!args.empty()) expect(Tok::Comma);
      args.push_back(parse_subscribed());
    }
    expect(Tok::RBracket);
    auto g = std::make_unique<GetItemExpr>(at);
    g->obj = std::move(node);
    if (args.size() == 1) {
      g->key = std::move(args[0]);
    } else {
      auto tup = std::make_unique<SeqExpr>(ExprKind::Tuple, at);
      tup->items = std::move(args);
      g->key = std::move(tup);
    }
    return g;
  }

  ExprPtr parse_subscribed() {
    uint32_t at = cur().offset;
    auto s = std::make_unique<SliceExpr>(at);
    if (cur().type == Tok::Colon) {
      next();
    } else {
      ExprPtr node = parse_expression(true);
      if (cur().type != Tok::Colon) return node;
      next();
      s->start = std::move(node);
    }
    if (cur().type != Tok::Colon && cur().type != Tok::RBracket && cur().type != Tok::Comma)
      s->stop = parse_expression(true);
    if (cur().type == Tok::Colon) {
      next();
      if (cur().type != Tok::RBracket && cur().type != Tok::Comma) s->step = parse_expression(true);
    }
    return s;
  }

  void parse_call_args(CallArgsExpr& call) {
    const Token& open = expect(Tok::LParen);
    uint32_t at = open.offset;
    bool require_comma = false;
    auto ensure = [&](bool ok) {
      if (!ok) fail("invalid syntax for function call expression", at);
    };
    while (cur().type != Tok::RParen) {
      if (require_comma) {
        expect(Tok::Comma);
        if (cur().type == Tok::RParen) break;
      }
      if (cur().type == Tok::Mul) {
        ensure(!call.dyn_args && !call.dyn_kwargs);
        next();
        call.dyn_args = parse_expression(true);
      } else if (cur().type == Tok::Pow) {
        ensure(!call.dyn_kwargs);
        next();
        call.dyn_kwargs = parse_expression(true);
      } else if (cur().type == Tok::Name && look().type == Tok::Assign) {
        ensure(!call.dyn_kwargs);
        std::string key = next().text;
        next();
        call.kwargs.emplace_back(key, parse_expression(true));
      } else {
        ensure(!call.dyn_args && !call.dyn_kwargs && call.kwargs.empty());
        call.args.push_back(parse_expression(true));
      }
      require_comma = true;
    }
    expect(Tok::RParen);
  }

  ExprPtr parse_call(ExprPtr node) {
    Nest nest(depth_, *this);
    auto c = std::make_unique<CallExpr>(node->pos);
    c->callee = std::move(node);
    parse_call_args(c->call);
    return c;
  }

  ExprPtr parse_filter(ExprPtr node, bool start_inline) {
    while (cur().type == Tok::Pipe || start_inline) {
      Nest nest(depth_, *this);
      if (!start_inline) next();
      const Token& name = expect(Tok::Name);
      auto f = std::make_unique<FilterExpr>(ExprKind::Filter, name.offset);
      f->name = name.text;
      while (cur().type == Tok::Dot) {
        next();
        f->name += "." + expect(Tok::Name).text;
      }
      if (cur().type == Tok::LParen) parse_call_args(f->call);
      f->input = std::move(node);
      node = std::move(f);
      start_inline = false;
    }
    return node;
  }

  ExprPtr parse_test(ExprPtr node) {
    Nest nest(depth_, *this);
    uint32_t is_at = next().offset;
    bool negated = skip_name("not");
    const Token& name = expect(Tok::Name);
    auto t = std::make_unique<FilterExpr>(ExprKind::Test, name.offset);
    t->name = name.text;
    while (cur().type == Tok::Dot) {
      next();
      t->name += "." + expect(Tok::Name).text;
    }
    Tok ct = cur().type;
    if (ct == Tok::LParen) {
      parse_call_args(t->call);
    } else if ((ct == Tok::Name || ct == Tok::String || ct == Tok::Integer || ct == Tok::Float ||
                ct == Tok::LBracket || ct == Tok::LBrace) &&
               !cur().is_name("else") && !cur().is_name("or") && !cur().is_name("and")) {
      if (cur().is_name("is")) fail("You cannot chain multiple tests with is");
      ExprPtr arg = parse_postfix(parse_primary());
      t->call.args.push_back(std::move(arg));
    }
    t->input = std::move(node);
    if (!negated) return t;
    auto n = std::make_unique<UnaryExpr>(ExprKind::Not, is_at);
    n->operand = std::move(t);
    return n;
  }

  std::vector<Token> toks_;
  size_t i_ = 0;
  int depth_ = 0;
  std::vector<EndTokens> end_stack_;
  std::vector<std::string> tag_stack_;
};

// ------------------------------------------------------- name resolution

// Resolves filter and test names and finds which special names macros use.
class Resolver {
 public:
  explicit Resolver(const NameTables& names) : names_(names) {}

  void body(Body& b, bool soft) {
    for (auto& s : b) stmt(*s, soft);
  }

 private:

  void stmt(Stmt& s, bool soft) {
    switch (s.kind) {
      case StmtKind::Text: return;
      case StmtKind::Print: return expr(static_cast<PrintStmt&>(s).expr.get(), soft);
      case StmtKind::If: {
        auto& n = static_cast<IfStmt&>(s);
        for (auto& br : n.branches) {
          expr(br.first.get(), true);
          body(br.second, true);
        }
        return body(n.otherwise, true);
      }
      case StmtKind::For: {
        auto& n = static_cast<ForStmt&>(s);
        expr(n.iter.get(), soft);
        bool saved = reads_loop_;
        reads_loop_ = false;
        expr(n.filter.get(), false);
        body(n.body, false);
        body(n.otherwise, false);
        n.uses_loop = reads_loop_ || n.recursive;
        reads_loop_ = saved || reads_loop_;
        return;
      }
      case StmtKind::Set: return expr(static_cast<SetStmt&>(s).value.get(), soft);
      case StmtKind::SetBlock: {
        auto& n = static_cast<SetBlockStmt&>(s);
        body(n.body, false);
        return expr(n.filter.get(), soft);
      }
      case StmtKind::Macro: return macro(static_cast<MacroStmt&>(s));
      case StmtKind::CallBlock: {
        auto& n = static_cast<CallBlockStmt&>(s);
        expr(n.call.get(), soft);
        return macro(n.caller);
      }
      case StmtKind::FilterBlock: {
        auto& n = static_cast<FilterBlockStmt&>(s);
        body(n.body, false);
        return expr(n.filter.get(), soft);
      }
      case StmtKind::With: {
        auto& n = static_cast<WithStmt&>(s);
        for (auto& v : n.values) expr(v.get(), soft);
        return body(n.body, false);
      }
      case StmtKind::Include: return expr(static_cast<IncludeStmt&>(s).name.get(), soft);
      case StmtKind::Import: return expr(static_cast<ImportStmt&>(s).name.get(), soft);
      case StmtKind::FromImport: return expr(static_cast<FromImportStmt&>(s).name.get(), soft);
    }
  }

  void macro(MacroStmt& m) {
    for (auto& d : m.params.defaults) expr(d.get(), false);
    std::vector<MacroStmt*> saved = std::move(macros_);
    macros_ = saved;
    macros_.push_back(&m);
    body(m.body, false);
    macros_ = std::move(saved);
  }

  void call_args(CallArgsExpr& c, bool soft) {
    for (auto& a : c.args) expr(a.get(), soft);
    for (auto& kw : c.kwargs) expr(kw.second.get(), soft);
    expr(c.dyn_args.get(), soft);
    expr(c.dyn_kwargs.get(), soft);
  }

  void expr(Expr* e, bool soft) {
    if (!e) return;
    switch (e->kind) {
      case ExprKind::Const: return;
      case ExprKind::Name: {
        // Jinja2 decides at compile time whether a macro takes caller,
        // varargs and kwargs from the names its body (and nested ones) reads.
        const std::string& n = static_cast<NameExpr*>(e)->name;
        if (n == "loop") reads_loop_ = true;
        for (MacroStmt* m : macros_) {
          if (n == "caller") m->uses_caller = true;
          else if (n == "varargs") m->uses_varargs = true;
          else if (n == "kwargs") m->uses_kwargs = true;
        }
        return;
      }
      case ExprKind::List:
      case ExprKind::Tuple:
      case ExprKind::Dict:
        for (auto& i : static_cast<SeqExpr*>(e)->items) expr(i.get(), soft);
        return;
      case ExprKind::GetAttr: return expr(static_cast<GetAttrExpr*>(e)->obj.get(), soft);
      case ExprKind::GetItem: {
        auto* g = static_cast<GetItemExpr*>(e);
        expr(g->obj.get(), soft);
        return expr(g->key.get(), soft);
      }
      case ExprKind::Slice: {
        auto* s = static_cast<SliceExpr*>(e);
        expr(s->start.get(), soft);
        expr(s->stop.get(), soft);
        return expr(s->step.get(), soft);
      }
      case ExprKind::Call: {
        auto* c = static_cast<CallExpr*>(e);
        expr(c->callee.get(), soft);
        return call_args(c->call, soft);
      }
      case ExprKind::Filter:
      case ExprKind::Test: {
        auto* f = static_cast<FilterExpr*>(e);
        bool is_filter = e->kind == ExprKind::Filter;
        f->id = is_filter ? names_.filter_id(f->name) : names_.test_id(f->name);
        if (f->id < 0 && !soft) unknown(*f, is_filter);
        expr(f->input.get(), soft);
        return call_args(f->call, soft);
      }
      case ExprKind::Not:
      case ExprKind::Neg:
      case ExprKind::Pos: return expr(static_cast<UnaryExpr*>(e)->operand.get(), soft);
      case ExprKind::Binary:
      case ExprKind::And:
      case ExprKind::Or: {
        auto* b = static_cast<BinaryExpr*>(e);
        expr(b->left.get(), soft);
        return expr(b->right.get(), soft);
      }
      case ExprKind::Concat:
        for (auto& i : static_cast<ConcatExpr*>(e)->items) expr(i.get(), soft);
        return;
      case ExprKind::Compare: {
        auto* c = static_cast<CompareExpr*>(e);
        expr(c->first.get(), soft);
        for (auto& r : c->rest) expr(r.second.get(), soft);
        return;
      }
      case ExprKind::CondExpr: {
        auto* c = static_cast<CondExpr*>(e);
        expr(c->test.get(), true);
        expr(c->then.get(), true);
        return expr(c->otherwise.get(), true);
      }
    }
  }

  [[noreturn]] void unknown(const FilterExpr& f, bool is_filter) const {
    const char* what = is_filter ? "filter" : "test";
    if (is_filter ? names_.is_unsupported_filter(f.name) : names_.is_unsupported_test(f.name))
      throw ParseError{f.pos,
                       std::string("the Jinja2 ") + what + " '" + f.name +
                           "' is not supported by gen",
                       "see docs/templates.md for the supported " + std::string(what) + "s", true};
    auto candidates = is_filter ? names_.filter_names() : names_.test_names();
    std::string m = closest_match(f.name, candidates);
    throw ParseError{f.pos, std::string("no ") + what + " named '" + f.name + "'",
                     m.empty() ? "" : "did you mean '" + m + "'?", false};
  }

  const NameTables& names_;
  std::vector<MacroStmt*> macros_;
  bool reads_loop_ = false;  // a Name `loop` was seen (conservative: any depth)
};

}  // namespace

void parse(Template& tmpl, const NameTables& names) {
  std::vector<Token> tokens;
  try {
    tokens = tokenize(*tmpl.source);
  } catch (const LexError& e) {
    throw ParseError{e.offset, e.message, "", e.unsupported};
  }
  Parser p(std::move(tokens));
  tmpl.body = p.parse_all();
  Resolver(names).body(tmpl.body, false);
}

}  // namespace gen::tmpl

// non-root-user: seed 000 ("runs ... as a non-root numeric user", 1001:1001),
// seed 002 ("MUST NOT be run ... as UID 0"), seed 004 (UID 1000, GID 1001).
#include <functional>

#include "check/effective.h"
#include "check/families.h"

namespace gen::check {
namespace {

const char* kRootHelp = "use a numeric id above 0, e.g. 1001, and make the image work without root";

// Zero ids in one user block; `owner` is "module <name>" or "defaults.user".
void check_user_ids(const spec::User& user, const std::string& owner,
                    const std::function<void(const SourceLocation&, std::string)>& found) {
  if (user.uid && user.uid->value == 0)
    found(user.uid->loc, owner + " runs as uid 0 (root)");
  if (user.gid && user.gid->value == 0)
    found(user.gid->loc, owner + " runs with gid 0 (the root group)");
  for (const auto& g : user.groups)
    if (g.value == 0) found(g.loc, owner + " joins supplementary group 0 (the root group)");
}

}  // namespace

void check_non_root_user(const spec::Spec& spec, Reporter& report) {
  if (spec.defaults.user)
    check_user_ids(*spec.defaults.user, "defaults.user",
                   [&](const SourceLocation& at, std::string msg) {
                     report.report(at, std::move(msg), kRootHelp);
                   });
  for (const auto& m : spec.modules) {
    const std::string owner = "module " + m.name.value;
    if (m.user)
      check_user_ids(*m.user, owner, [&](const SourceLocation& at, std::string msg) {
        report.report(m, at, std::move(msg), kRootHelp);
      });
    // A base module only builds an image other modules extend; the user that
    // matters is the one of the module that runs it.
    if (module_kind(m) == "base") continue;
    const bool uid = effective_uid(spec, m) != nullptr;
    const bool gid = effective_gid(spec, m) != nullptr;
    if (uid && gid) continue;
    const std::string missing = !uid && !gid ? "uid and gid" : !uid ? "uid" : "gid";
    report.report(m, m.user ? m.user->loc : m.loc,
                  owner + " has no " + missing + ": neither its user nor defaults.user sets " +
                      (!uid && !gid ? "them" : "it"),
                  "set `defaults: {user: {uid: 1001, gid: 1001}}`, or `user: {uid: ..., gid: "
                  "...}` on the module");
  }
}

}  // namespace gen::check

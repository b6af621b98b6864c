// How rules recognise secrets in a spec: by the variable's name (the seeds'
// *PASSWORD*, *SECRET*, *TOKEN*, *_KEY) and by credentials inside a URL
// (seed 001: "database URLs are secrets").
#pragma once

#include <string>

namespace gen::check {

// True for names like JWT_SECRET, OWNER_PASSWORD, WATS_ACCESS_TOKEN, S3_KEY,
// api-token (case and '-' vs '_' ignored). Names ending in _FILE, _PATH or
// _DIR hold where a secret is, not the secret, and are not matched.
bool looks_like_secret(const std::string& name);

// True when `value` holds a URL with a literal password in its user info
// (postgresql://user:pass@host/db). A password that is a ${VAR} reference is
// not literal.
bool has_url_password(const std::string& value);

}  // namespace gen::check

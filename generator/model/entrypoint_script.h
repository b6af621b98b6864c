// Where gen's entrypoint script lives in a built image: part of the runtime
// contract (a module with required variables starts through it, and it
// refuses to start without them), so render writes it there and verify
// expects it there, each from this one statement.
#pragma once

namespace gen::model {

constexpr const char* kEntrypointScript = "/entrypoint.sh";

}  // namespace gen::model

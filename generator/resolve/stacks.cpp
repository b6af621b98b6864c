#include "resolve/stacks.h"

#include <map>

namespace gen::resolve {

const StackDefaults* stack_defaults(const std::string& stack) {
  // Base images follow the seeds: python:3.12-slim for uv (seed 002),
  // python:3.13-slim for pip and node:20-alpine for Next.js (seed 004),
  // oven/bun:1 (seed 001), debian:bookworm-slim (seed 003).
  static const std::map<std::string, StackDefaults> kStacks = {
      {"python-uv", {"python:3.12-slim", {"pyproject.toml", "uv.lock"}}},
      {"python-pip", {"python:3.13-slim", {"requirements.txt"}}},
      {"node", {"node:20-alpine", {"package.json", "package-lock.json"}}},
      {"nextjs", {"node:20-alpine", {"package.json", "package-lock.json"}}},
      {"bun", {"oven/bun:1", {"package.json", "bun.lock"}}},
      {"debian", {"debian:bookworm-slim", {}}},
  };
  auto it = kStacks.find(stack);
  return it == kStacks.end() ? nullptr : &it->second;
}

}  // namespace gen::resolve

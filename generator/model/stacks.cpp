#include "model/stacks.h"

#include <algorithm>

namespace gen::model {

const std::vector<Stack>& stacks() {
  // Base images of the first six follow the seeds: python:3.12-slim for uv
  // (seed 002), python:3.13-slim for pip and node:20-alpine for Next.js
  // (seed 004), oven/bun:1 (seed 001), debian:bookworm-slim (seed 003). The
  // others are the official images of each language's current long-term
  // line; the compiled stacks run on debian:bookworm-slim, where the
  // Dockerfile installs curl for the check.
  static const std::vector<Stack> kStacks = {
      {"python-uv", "python:3.12-slim", "", {"pyproject.toml", "uv.lock"}, "",
       ProbeTool::Python, {"python", "python3", "sh", "bash"}, false, true},
      {"python-pip", "python:3.13-slim", "", {"requirements.txt"}, "", ProbeTool::Python,
       {"python", "python3", "sh", "bash"}, false, true},
      {"node", "node:20-alpine", "", {"package.json", "package-lock.json"}, "", ProbeTool::Node,
       {"node", "npm", "sh", "wget"}, true, false},
      {"nextjs", "node:20-alpine", "", {"package.json", "package-lock.json"}, "",
       ProbeTool::Node, {"node", "npm", "sh", "wget"}, false, false},
      {"bun", "oven/bun:1", "", {"package.json", "bun.lock"}, "", ProbeTool::Bun,
       {"bun", "sh", "bash"}, false, false},
      {"debian", "debian:bookworm-slim", "", {}, "", ProbeTool::Curl, {"sh", "bash"}, false,
       false},
      {"go", "debian:bookworm-slim", "golang:1.23-bookworm", {"go.mod", "go.sum"}, "",
       ProbeTool::Curl, {"sh", "bash"}, false, false},
      {"rust", "debian:bookworm-slim", "rust:1-slim-bookworm", {"Cargo.toml", "Cargo.lock"}, "",
       ProbeTool::Curl, {"sh", "bash"}, false, false},
      {"java-maven", "eclipse-temurin:21-jre", "maven:3.9-eclipse-temurin-21", {"pom.xml"}, "",
       ProbeTool::Curl, {"java", "sh", "bash"}, false, false},
      {"java-gradle", "eclipse-temurin:21-jre", "gradle:8-jdk21",
       {"build.gradle", "settings.gradle"}, "", ProbeTool::Curl, {"java", "sh", "bash"}, false,
       false},
      {"dotnet", "mcr.microsoft.com/dotnet/aspnet:8.0", "mcr.microsoft.com/dotnet/sdk:8.0",
       {"*.csproj"}, "", ProbeTool::Curl, {"dotnet", "sh", "bash"}, false, false},
      {"ruby", "ruby:3.3-slim", "", {"Gemfile", "Gemfile.lock"}, "", ProbeTool::Ruby,
       {"ruby", "bundle", "sh", "bash"}, false, false},
      {"php", "php:8.3-apache", "composer:2", {"composer.json", "composer.lock"}, ".",
       ProbeTool::Php, {"php", "sh", "bash"}, false, false},
      {"static", "nginxinc/nginx-unprivileged:1.27-alpine", "node:20-alpine",
       {"package.json", "package-lock.json"}, "dist", ProbeTool::Wget, {"nginx", "sh", "wget"},
       false, false},
  };
  return kStacks;
}

const Stack* find_stack(std::string_view name) {
  const auto& all = stacks();
  auto it = std::find_if(all.begin(), all.end(), [&](const Stack& s) { return s.name == name; });
  return it == all.end() ? nullptr : &*it;
}

}  // namespace gen::model

// gen side of the template benchmark (bench/template_bench.sh): renders each
// template of a directory ITERS times in-process with gen's engine and prints
// the mean time per render; writes one rendering to OUTDIR for comparison
// with Jinja2's.
//
// usage: gen_template_bench DIR CONTEXT.json ITERS OUTDIR
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

#include "template/environment.h"

int main(int argc, char** argv) {
  if (argc != 5) {
    std::cerr << "usage: gen_template_bench DIR CONTEXT.json ITERS OUTDIR\n";
    return 2;
  }
  std::ifstream in(argv[2], std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  gen::tmpl::Json context = gen::tmpl::Json::parse(text.str());
  int iterations = std::atoi(argv[3]);
  gen::tmpl::Environment env(std::make_shared<gen::tmpl::DirectoryLoader>(argv[1]));
  for (const char* name : {"compose.yaml.j2", "deployment.yaml.j2"}) {
    std::string out;
    try {
      out = env.render(name, context);  // warm-up: parses and caches the templates
    } catch (const gen::tmpl::TemplateError& e) {
      std::cerr << e.file << ":" << e.line << ":" << e.column << ": " << e.message << "\n";
      return 1;
    }
    auto start = std::chrono::steady_clock::now();
    size_t bytes = 0;
    for (int i = 0; i < iterations; ++i) bytes += env.render(name, context).size();
    auto end = std::chrono::steady_clock::now();
    double ms = std::chrono::duration<double, std::milli>(end - start).count() / iterations;
    std::ofstream(std::string(argv[4]) + "/" + name, std::ios::binary) << out;
    std::printf("gen    %s: %d renders, %.3f ms/render, %zu bytes\n", name, iterations, ms,
                bytes / static_cast<size_t>(iterations));
  }
  return 0;
}

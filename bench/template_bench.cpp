// gen side of the template benchmark (bench/template_bench.sh): renders each
// template of a directory ITERS times in-process with gen's engine and prints
// the best of 5 batches' mean time per render; writes one rendering to
// OUTDIR for comparison with Jinja2's.
//
// usage: gen_template_bench DIR CONTEXT.json ITERS OUTDIR
#include <algorithm>
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
    // kBatches batches of renders; the best batch's mean (as the Jinja2 side
    // does: a shared machine's pauses inflate a batch, never shorten one).
    constexpr int kBatches = 5;
    int per_batch = std::max(1, iterations / kBatches);
    double ms = 1e300;
    size_t bytes = 0;
    for (int b = 0; b < kBatches; ++b) {
      auto start = std::chrono::steady_clock::now();
      for (int i = 0; i < per_batch; ++i) bytes = env.render(name, context).size();
      auto end = std::chrono::steady_clock::now();
      ms = std::min(ms, std::chrono::duration<double, std::milli>(end - start).count() / per_batch);
    }
    std::ofstream(std::string(argv[4]) + "/" + name, std::ios::binary) << out;
    std::printf("gen    %s: %d renders, %.3f ms/render, %zu bytes\n", name, per_batch * kBatches,
                ms, bytes);
  }
  return 0;
}

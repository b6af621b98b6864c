# tests/resolve/seed_specs_test.cpp runs the gen binary on specs/*.yaml.
if(TARGET gen_resolve_tests)
  add_dependencies(gen_resolve_tests gen)
endif()

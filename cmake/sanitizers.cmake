# KB_SANITIZERS=ON builds everything with ASan + UBSan; the test suite must pass under it.
if(KB_SANITIZERS)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# KB_FUZZ=ON (with clang) instruments everything for libFuzzer, with ASan + UBSan.
if(KB_FUZZ)
  add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer)
  add_link_options(-fsanitize=address,undefined)
endif()

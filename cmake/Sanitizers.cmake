# Sanitizer and fuzzing builds (CMakePresets.json: asan, tsan). Every target of the
# project, plugins included, is compiled with the same sanitizer, because a plugin's
# code runs inside the host's process and shares its heap and threads.
#
#   MOLAR_SANITIZE=address,undefined   AddressSanitizer (with LeakSanitizer) + UBSan
#   MOLAR_SANITIZE=thread              ThreadSanitizer
#   MOLAR_FUZZ=ON                      libFuzzer targets (clang), in each owner's tests/fuzz/
include_guard(GLOBAL)

set(MOLAR_SANITIZE "" CACHE STRING "Sanitizers for every target: address,undefined or thread")
option(MOLAR_FUZZ "Build the libFuzzer targets (needs clang; use with MOLAR_SANITIZE=address,undefined)" OFF)

if(MOLAR_SANITIZE)
  set(molar_sanitize_flags -fsanitize=${MOLAR_SANITIZE} -fno-omit-frame-pointer)
  if(MOLAR_SANITIZE MATCHES "undefined")
    # Undefined behaviour fails the test that reached it instead of printing and going on.
    list(APPEND molar_sanitize_flags -fno-sanitize-recover=all)
  endif()
  add_compile_options(${molar_sanitize_flags})
  add_link_options(${molar_sanitize_flags})
  # The sanitizers' runtimes replace malloc, so molard keeps glibc's allocator here.
  set(MOLAR_USE_JEMALLOC OFF)
  # A plugin's sanitizer calls are resolved by the runtime linked into the executable
  # that loads it, so a module cannot be linked with --no-undefined.
  set(MOLAR_PLUGIN_NO_UNDEFINED OFF)
  add_compile_definitions(MOLAR_SANITIZED=1)
else()
  set(MOLAR_USE_JEMALLOC ON)
  set(MOLAR_PLUGIN_NO_UNDEFINED ON)
endif()

if(MOLAR_FUZZ)
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    message(FATAL_ERROR "MOLAR_FUZZ needs clang (cmake --preset asan)")
  endif()
  # Coverage for libFuzzer in every library a target links; the suites of the same
  # build run with it too, a little slower, so one build serves both.
  add_compile_options(-fsanitize=fuzzer-no-link)
endif()

# molar_add_fuzzer(<name> SOURCES <file>... [LIBRARIES <target>...] [CORPUS <dir>] [DICTIONARY <file>])
#
# Builds fuzz-<name>, a libFuzzer target, when MOLAR_FUZZ is on, and registers the
# CTest test fuzz-smoke-<name>: the seed corpus, then a few seconds of new inputs
# (MOLAR_FUZZ_SMOKE_SECONDS, default 3), so a target that no longer builds, or
# crashes at once, fails the test command. scripts/fuzz.sh runs them for longer.
set(MOLAR_FUZZ_SMOKE_SECONDS 3 CACHE STRING "Seconds of new inputs per fuzz target in ctest")
function(molar_add_fuzzer name)
  if(NOT MOLAR_FUZZ)
    return()
  endif()
  cmake_parse_arguments(FUZZ "" "CORPUS;DICTIONARY" "SOURCES;LIBRARIES" ${ARGN})
  set(target fuzz-${name})
  add_executable(${target} ${FUZZ_SOURCES})
  target_link_libraries(${target} PRIVATE ${FUZZ_LIBRARIES})
  # MOLAR_FUZZ_CHECK (FuzzCheck.h) for the target's properties.
  target_include_directories(${target} PRIVATE ${PROJECT_SOURCE_DIR}/tests/support)
  target_link_options(${target} PRIVATE -fsanitize=fuzzer)
  set_target_properties(${target} PROPERTIES RUNTIME_OUTPUT_DIRECTORY ${CMAKE_BINARY_DIR}/fuzz)
  set_property(GLOBAL APPEND PROPERTY MOLAR_FUZZ_TARGETS ${target})

  set(args -max_total_time=${MOLAR_FUZZ_SMOKE_SECONDS} -timeout=10 -rss_limit_mb=2048
      -print_final_stats=1)
  if(FUZZ_DICTIONARY)
    list(APPEND args -dict=${FUZZ_DICTIONARY})
  endif()
  # New inputs go to a scratch folder; the seed corpus in the tree is only read.
  set(scratch ${CMAKE_BINARY_DIR}/fuzz/smoke-corpus/${name})
  set(corpora ${scratch})
  if(FUZZ_CORPUS)
    list(APPEND corpora ${FUZZ_CORPUS})
  endif()
  add_test(NAME fuzz-smoke-${name}
    COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
      bash -c "rm -rf '${scratch}' && mkdir -p '${scratch}' && exec \"$0\" \"$@\""
      $<TARGET_FILE:${target}> ${args} ${corpora})
  set_tests_properties(fuzz-smoke-${name} PROPERTIES LABELS fuzz)
  # Where scripts/fuzz.sh finds the target, its seeds and its dictionary.
  set_property(GLOBAL APPEND PROPERTY MOLAR_FUZZ_MANIFEST
    "${name}\t${CMAKE_BINARY_DIR}/fuzz/${target}\t${FUZZ_CORPUS}\t${FUZZ_DICTIONARY}")
endfunction()

# Writes build/fuzz/targets.tsv (name, program, seed corpus, dictionary), one line per
# target, for scripts/fuzz.sh; called once every target is known.
function(molar_write_fuzz_manifest)
  if(NOT MOLAR_FUZZ)
    return()
  endif()
  get_property(lines GLOBAL PROPERTY MOLAR_FUZZ_MANIFEST)
  list(JOIN lines "\n" text)
  file(WRITE ${CMAKE_BINARY_DIR}/fuzz/targets.tsv "${text}\n")
  get_property(targets GLOBAL PROPERTY MOLAR_FUZZ_TARGETS)
  add_custom_target(molar-fuzzers DEPENDS ${targets})
endfunction()

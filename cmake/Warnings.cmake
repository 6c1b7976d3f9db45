# Warnings as errors for our own targets, and the optional sanitizer build.
# Targets call synaps_target_defaults(<target>) so third-party code is never affected.
function(synaps_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual
                         -Wimplicit-fallthrough)
  # GCC 12 (Debian 12's) sees an overlapping copy in libstdc++'s std::string operator+
  # ("'" + std::string(name)) once -O3 inlines it (GCC bugs 105329 and 105651): a dozen places
  # of the code, and any new concatenation of the kind, would stop a Release build with warnings
  # as errors although nothing is wrong. The warning is off for GCC 12 alone.
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_GREATER_EQUAL 12
     AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(SYNAPS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(SYNAPS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

# Warnings as errors for our own targets, and the optional sanitizer build.
# Targets call synaps_target_defaults(<target>) so third-party code is never affected.
function(synaps_target_defaults target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow
                         -Wnon-virtual-dtor -Wcast-align -Wunused -Woverloaded-virtual
                         -Wimplicit-fallthrough)
  if(SYNAPS_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()

if(SYNAPS_SANITIZE)
  add_compile_options(-fsanitize=address,undefined -fno-omit-frame-pointer
                      -fno-sanitize-recover=undefined)
  add_link_options(-fsanitize=address,undefined)
endif()

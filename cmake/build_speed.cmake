# Build time (a cold `make test` builds three trees on two cores).
#
# Measured per file (gcc 12, user CPU): a web API test file takes 29 s at -O3, 13 s at -O0 and
# 6 s for parsing alone, of which 4 s are the same headers every file includes (httplib.h and
# nlohmann/json.hpp expand to about 190,000 lines). So:
#  - test code is compiled without optimisation (`lanyard_test_code`): it is assertion and JSON
#    building code run once; the code under test keeps its tree's flags (-O3, or -O1 under the
#    sanitizers), and the sanitizers instrument -O0 code just as well;
#  - every library and test target parses the large headers once (`lanyard_precompile`, CMake's
#    precompiled headers; clang trees only, see below). ccache caches files built with them only when told to ignore the
#    precompiled header's own macros and timestamps (ccache manual, "Precompiled headers"), so
#    the compiler launcher carries that setting.

# Test code: no optimisation (see above).
function(lanyard_test_code target)
  target_compile_options(${target} PRIVATE -O0)
endfunction()

# Precompiles `headers` (e.g. <nlohmann/json.hpp>) for `target`'s own sources. Generated
# sources (embedded assets: byte arrays, no headers) skip it.
function(lanyard_precompile target)
  if(NOT LANYARD_PRECOMPILED_HEADERS)
    return()
  endif()
  target_precompile_headers(${target} PRIVATE ${ARGN})
  get_target_property(sources ${target} SOURCES)
  foreach(source ${sources})
    if(source MATCHES "/embedded_[a-z_]+\\.cpp$")
      set_source_files_properties(${source} TARGET_DIRECTORY ${target}
                                  PROPERTIES SKIP_PRECOMPILE_HEADERS ON)
    endif()
  endforeach()
endfunction()

# On by default with clang (the sanitizer trees). GCC 12 reports -Warray-bounds and
# -Wstringop-overflow false positives inside libstdc++ (char_traits.h) when those headers come
# from a precompiled header and not when they are parsed (storage/admin_repo.cpp is one case):
# the gcc tree keeps its warnings whole and parses.
if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
  set(precompiled_headers_default ON)
else()
  set(precompiled_headers_default OFF)
endif()
option(LANYARD_PRECOMPILED_HEADERS "Precompile the large library headers per target"
       ${precompiled_headers_default})

find_program(CCACHE_PROGRAM ccache)
if(CCACHE_PROGRAM)
  set(CMAKE_CXX_COMPILER_LAUNCHER
      ${CMAKE_COMMAND} -E env CCACHE_SLOPPINESS=pch_defines,time_macros
      ${CCACHE_PROGRAM})
  if(CMAKE_CXX_COMPILER_ID STREQUAL "Clang")
    # clang stamps its precompiled headers with the time they were written, which ccache
    # cannot hash; without the stamp the header's content decides.
    add_compile_options(-Xclang -fno-pch-timestamp)
  endif()
endif()

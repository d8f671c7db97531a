# `git describe` of the source tree, twice:
#  - LANYARD_GIT_DESCRIBE and LANYARD_PACKAGE_VERSION at configure time, for the .deb's version
#    (packaging/CMakeLists.txt; `make package` configures again, so they are current);
#  - a generated build_info.cpp refreshed at every build, linked only into the executable, so a
#    new commit recompiles one file instead of everything (a -D on every target would).
execute_process(
  COMMAND git -C ${CMAKE_SOURCE_DIR} describe --tags --always --dirty
  OUTPUT_VARIABLE LANYARD_GIT_DESCRIBE OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(
  COMMAND git -C ${CMAKE_SOURCE_DIR} rev-list --count HEAD
  OUTPUT_VARIABLE LANYARD_GIT_COMMITS OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
execute_process(
  COMMAND git -C ${CMAKE_SOURCE_DIR} rev-parse --short HEAD
  OUTPUT_VARIABLE LANYARD_GIT_HASH OUTPUT_STRIP_TRAILING_WHITESPACE ERROR_QUIET)
# Debian version: upstream version, then the commit count (grows on main, so every build of a
# later commit upgrades an earlier one) and the hash: 0.1.0+git412.d6ce982.
if(LANYARD_GIT_COMMITS AND LANYARD_GIT_HASH)
  set(LANYARD_PACKAGE_VERSION "${PROJECT_VERSION}+git${LANYARD_GIT_COMMITS}.${LANYARD_GIT_HASH}")
else()
  set(LANYARD_PACKAGE_VERSION "${PROJECT_VERSION}")
endif()

set(LANYARD_BUILD_INFO_CPP ${CMAKE_BINARY_DIR}/generated/build_info.cpp)
add_custom_target(lanyard_git_describe
  BYPRODUCTS ${LANYARD_BUILD_INFO_CPP}
  COMMAND ${CMAKE_COMMAND} -DSOURCE_DIR=${CMAKE_SOURCE_DIR} -DOUTPUT=${LANYARD_BUILD_INFO_CPP}
          -P ${CMAKE_SOURCE_DIR}/cmake/git_describe_run.cmake
  COMMENT "Reading git describe"
  VERBATIM)

# Embeds files into a generated C++ source as byte arrays, so the binary carries its pages,
# mail templates and migrations and needs nothing beside it at run time.
#   lanyard_embed(OUTPUT file.cpp NAMESPACE ns BASE dir FILES f1 f2 ...)
# The generated file defines `const lanyard::EmbeddedFile* ns::Files(size_t* count)`.
function(lanyard_embed)
  cmake_parse_arguments(E "" "OUTPUT;NAMESPACE;BASE" "FILES" ${ARGN})
  add_custom_command(
    OUTPUT ${E_OUTPUT}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${E_OUTPUT} -DNAMESPACE=${E_NAMESPACE} -DBASE=${E_BASE}
            "-DFILES=${E_FILES}" -P ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    DEPENDS ${E_FILES} ${CMAKE_SOURCE_DIR}/cmake/embed_run.cmake
    COMMENT "Embedding ${E_NAMESPACE} files"
    VERBATIM)
endfunction()

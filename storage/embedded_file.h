#pragma once
#include <cstddef>

namespace lanyard {

// A file compiled into the binary by cmake/embed.cmake.
struct EmbeddedFile {
  const char* path;  // relative to the embedded folder, '/'-separated
  const unsigned char* data;
  size_t size;
};

}  // namespace lanyard

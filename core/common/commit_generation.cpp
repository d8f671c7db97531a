#include "core/common/commit_generation.h"

#include "storage/query.h"

namespace lanyard {

uint64_t CommitGeneration() { return storage::CommitGeneration(); }

}  // namespace lanyard

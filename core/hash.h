// A stable content hash (FNV-1a 64, hex): the same bytes give the same hash on every run.
#pragma once

#include <string>
#include <string_view>

namespace kb {
std::string content_hash(std::string_view bytes);
}

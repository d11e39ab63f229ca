// UTF-8 validity: outside text (files, query strings) is checked before it reaches Xapian.
#pragma once

#include <string_view>

namespace kb {
// Offset of the first byte that is not part of valid UTF-8, or npos when all is valid.
std::size_t find_invalid_utf8(std::string_view s);
inline bool is_valid_utf8(std::string_view s) { return find_invalid_utf8(s) == std::string_view::npos; }
}  // namespace kb

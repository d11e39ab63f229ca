// The API's JSON as text: what kb-serve sends and what kb-search --json prints, byte for byte.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

namespace kb {

// Compact, non-ASCII as UTF-8. Invalid UTF-8 can only come from the index; it is replaced
// (U+FFFD) rather than failing the request or the command.
inline std::string json_text(const nlohmann::json& body) {
    return body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace kb

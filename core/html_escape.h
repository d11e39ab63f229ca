// HTML escaping of text for element content and attribute values.
#pragma once

#include <string>
#include <string_view>

namespace kb {
std::string html_escape(std::string_view text);
}

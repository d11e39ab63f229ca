#include "request_language.h"

#include "query_string.h"

namespace kb::server {

namespace {
thread_local RequestLanguage current;
}

void begin_request_language(const Messages& messages, const httplib::Request& req) {
    RequestLanguage chosen;
    std::string requested;
    std::string query;
    for (const auto& [name, value] : parse_query_string(req.target)) {
        if (name == "lang") {
            requested = value;
            continue;
        }
        query += (query.empty() ? "" : "&") + encode_component(name) + "=" + encode_component(value);
    }
    chosen.code = messages.choose(requested, req.get_header_value("Accept-Language"));
    chosen.from_url = !requested.empty() && chosen.code == requested;
    chosen.path = req.target.substr(0, req.target.find('?'));  // as sent: still percent-encoded
    // The switcher links back to this path: never let "//host" or "/\host" (which browsers
    // read as another site) through, e.g. from the 404 page of GET //example.org/.
    if (chosen.path.empty() || chosen.path[0] != '/' || (chosen.path.size() > 1 && (chosen.path[1] == '/' || chosen.path[1] == '\\')))
        chosen.path = "/";
    chosen.query = query;
    chosen.messages = &messages;
    current = std::move(chosen);
}

const RequestLanguage& request_language() { return current; }

std::string ui_text(const std::string& key, const std::string& english) {
    if (!current.messages) return english;
    const std::string text = current.messages->get(current.code, key);
    return text == key ? english : text;
}

}  // namespace kb::server

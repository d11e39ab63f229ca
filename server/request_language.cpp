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

// PageRenderer: fills the web UI's mustache templates (kainjow) with a view model given as
// JSON. {{x}} escapes; {{{x}}} is used only for HTML the core already made safe (snippets,
// rendered Markdown). A template may include others as partials ({{> head}}).
// Every page also gets the UI's words in the request's language (request_language.h):
// {{t.KEY}} from web/messages/LANG.json, {{lang}}, the language switcher's links
// ({{#languages}}) and {{lang_hidden}} for forms; when the language came from the URL,
// the page's own links keep carrying lang=.
#pragma once

#include <atomic>
#include <cstddef>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "messages.h"
#include "web_assets.h"

namespace kb::server {

class PageRenderer {
public:
    // Parses every template once, so a broken one fails at start-up (std::runtime_error).
    explicit PageRenderer(const WebAssets& assets);

    // Renders templates/NAME.mustache (std::out_of_range for an unknown name). Thread-safe.
    std::string render(const std::string& name, const nlohmann::json& view) const;

    const Messages& messages() const { return messages_; }

private:
    static std::size_t next_id();

    std::size_t id_;
    Messages messages_;
    std::map<std::string, std::string> templates_;  // partials already expanded
};

}  // namespace kb::server

#include "page_renderer.h"

#include <map>
#include <stdexcept>

#include <kainjow/mustache.hpp>

#include "request_language.h"

namespace kb::server {

namespace mustache = kainjow::mustache;

namespace {

// JSON to mustache data: null is false (an absent section), numbers print as JSON does.
mustache::data to_data(const nlohmann::json& j) {
    switch (j.type()) {
        case nlohmann::json::value_t::object: {
            mustache::data d{mustache::data::type::object};
            for (const auto& [key, value] : j.items()) d.set(key, to_data(value));
            return d;
        }
        case nlohmann::json::value_t::array: {
            mustache::data d{mustache::data::type::list};
            for (const auto& value : j) d.push_back(to_data(value));
            return d;
        }
        case nlohmann::json::value_t::string:
            return mustache::data{j.get<std::string>()};
        case nlohmann::json::value_t::boolean:
            return mustache::data{j.get<bool>()};
        case nlohmann::json::value_t::null:
        case nlohmann::json::value_t::discarded:
            return mustache::data{false};
        default:
            return mustache::data{j.dump()};
    }
}

// Replaces each "{{> name}}" with the text of templates/name.mustache, once, at start-up:
// kainjow would otherwise parse every partial again on every render.
std::string expand_partials(const std::string& name, std::string text,
                            const std::map<std::string, std::string>& templates, int depth = 0) {
    if (depth > 8) throw std::runtime_error("template " + name + ".mustache: partials nested too deeply");
    std::string out;
    std::size_t pos = 0;
    while (true) {
        const auto open = text.find("{{>", pos);
        if (open == std::string::npos) break;
        const auto close = text.find("}}", open);
        if (close == std::string::npos) break;
        std::string partial = text.substr(open + 3, close - open - 3);
        partial.erase(0, partial.find_first_not_of(' '));
        partial.erase(partial.find_last_not_of(' ') + 1);
        const auto it = templates.find(partial);
        if (it == templates.end())
            throw std::runtime_error("template " + name + ".mustache: no partial '" + partial + "'");
        out += text.substr(pos, open - pos);
        out += expand_partials(partial, it->second, templates, depth + 1);
        pos = close + 2;
    }
    out += text.substr(pos);
    return out;
}

// The pages whose links carry lang= (and the handout's files, written in it); not the
// API, static files or feeds.
bool carries_language(const std::string& url) {
    if (url.find("lang=") != std::string::npos) return false;
    const std::string path = url.substr(0, url.find_first_of("?#"));
    return path == "/" || path == "/search" || path == "/handout" || path == "/handout.md" || path == "/handout.html" ||
           path == "/handout/print" || path == "/matrix" || path.rfind("/doc/", 0) == 0 || path.rfind("/article/", 0) == 0;
}

// Adds lang=CODE to every href of the page that leads to another of its pages, so a
// language picked in the URL stays picked while browsing (attributes are HTML-escaped:
// the separator is &amp;).
std::string with_language_links(const std::string& html, const std::string& code) {
    std::string out;
    out.reserve(html.size() + html.size() / 20);
    std::size_t pos = 0;
    static const std::string marker = "href=\"/";
    while (true) {
        const std::size_t at = html.find(marker, pos);
        if (at == std::string::npos) break;
        const std::size_t start = at + marker.size() - 1;
        const std::size_t end = html.find('"', start);
        if (end == std::string::npos) break;
        std::string url = html.substr(start, end - start);
        if (carries_language(url)) {
            const std::size_t hash = url.find('#');
            const std::string fragment = hash == std::string::npos ? "" : url.substr(hash);
            url = url.substr(0, hash);
            url += (url.find('?') == std::string::npos ? "?" : "&amp;") + std::string("lang=") + code + fragment;
        }
        out.append(html, pos, start - pos);
        out += url;
        pos = end;
    }
    out.append(html, pos, std::string::npos);
    return out;
}

}  // namespace

PageRenderer::PageRenderer(const WebAssets& assets)
    : id_(next_id()), messages_(assets.dir() / "messages") {
    for (const auto& [name, text] : assets.templates()) {
        std::string expanded = expand_partials(name, text, assets.templates());
        mustache::mustache tmpl{expanded};
        if (!tmpl.is_valid())
            throw std::runtime_error("template " + name + ".mustache: " + tmpl.error_message());
        templates_[name] = std::move(expanded);
    }
}

std::size_t PageRenderer::next_id() {
    static std::atomic<std::size_t> counter{0};
    return ++counter;
}

std::string PageRenderer::render(const std::string& name, const nlohmann::json& view) const {
    // A kainjow template keeps state while it renders, so each thread parses and keeps its
    // own copy of each template (keyed by renderer, in case a process has several).
    thread_local std::map<std::pair<std::size_t, std::string>, std::unique_ptr<mustache::mustache>> parsed;
    auto& tmpl = parsed[{id_, name}];
    if (!tmpl) tmpl = std::make_unique<mustache::mustache>(templates_.at(name));
    const RequestLanguage& language = request_language();
    nlohmann::json page = view;
    const nlohmann::json& words = messages_.table(language.code);
    page["t"] = words;
    page["lang"] = language.code;
    page["lang_hidden"] = language.code != "en" || language.from_url ? nlohmann::json(language.code) : nlohmann::json(nullptr);
    auto languages = nlohmann::json::array();
    for (const auto& code : messages_.languages()) {
        const std::string query = language.query + (language.query.empty() ? "" : "&") + "lang=" + code;
        languages.push_back({{"code", code},
                             {"name", messages_.get(code, "language_name")},
                             {"url", language.path + "?" + query},
                             {"current", code == language.code}});
    }
    page["languages"] = languages;
    // The script's own words (kb.js reads them from a <meta>).
    nlohmann::json script_words = nlohmann::json::object();
    for (const auto& [key, value] : words.items())
        if (key.rfind("js_", 0) == 0) script_words[key] = value;
    page["js_messages"] = script_words.dump();
    std::string html = tmpl->render(to_data(page));
    if (language.from_url && tmpl->is_valid()) html = with_language_links(html, language.code);
    if (!tmpl->is_valid()) {
        const std::string message = tmpl->error_message();
        tmpl.reset();
        throw std::runtime_error("template " + name + ".mustache: " + message);
    }
    return html;
}

}  // namespace kb::server

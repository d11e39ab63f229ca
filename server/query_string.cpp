#include "query_string.h"

#include <algorithm>

#include "schema.h"

namespace kb::server {

namespace {

int hex_value(char c) {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

std::string decode(std::string_view s) {
    std::string out;
    out.reserve(s.size());
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '+') {
            out += ' ';
        } else if (s[i] == '%' && i + 2 < s.size() && hex_value(s[i + 1]) >= 0 && hex_value(s[i + 2]) >= 0) {
            out += static_cast<char>(hex_value(s[i + 1]) * 16 + hex_value(s[i + 2]));
            i += 2;
        } else {
            out += s[i];
        }
    }
    return out;
}

bool unreserved(unsigned char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
           c == '.' || c == '_' || c == '~';
}

std::string encode(std::string_view text, bool space_as_plus) {
    static const char* hex = "0123456789ABCDEF";
    std::string out;
    out.reserve(text.size() * 3);
    for (unsigned char c : text) {
        if (unreserved(c)) {
            out += static_cast<char>(c);
        } else if (c == ' ' && space_as_plus) {
            out += '+';
        } else {
            out += '%';
            out += hex[c >> 4];
            out += hex[c & 15];
        }
    }
    return out;
}

}  // namespace

Params parse_query_string(std::string_view target) {
    Params params;
    const auto q = target.find('?');
    if (q == std::string_view::npos) return params;
    std::string_view rest = target.substr(q + 1);
    const auto hash = rest.find('#');
    if (hash != std::string_view::npos) rest = rest.substr(0, hash);
    while (!rest.empty()) {
        const auto amp = rest.find('&');
        const std::string_view pair = rest.substr(0, amp);
        rest = amp == std::string_view::npos ? std::string_view() : rest.substr(amp + 1);
        if (pair.empty()) continue;  // "a=1&&b=2", a trailing '&'
        const auto eq = pair.find('=');
        if (eq == std::string_view::npos) params.emplace_back(decode(pair), std::string());
        else params.emplace_back(decode(pair.substr(0, eq)), decode(pair.substr(eq + 1)));
    }
    return params;
}

std::string encode_component(std::string_view text) { return encode(text, true); }

std::string encode_path_segment(std::string_view text) { return encode(text, false); }

std::string search_url(const SearchRequest& r) {
    std::string query;
    auto add = [&](std::string_view name, std::string_view value) {
        query += query.empty() ? '?' : '&';
        query += encode_component(name);
        query += '=';
        query += encode_component(value);
    };
    if (!r.q.empty()) add("q", r.q);
    for (const auto& facet : facets())
        for (const auto& [name, values] : r.filters)
            if (name == facet.name)
                for (const auto& v : values) add(name, v);
    for (const auto& l : r.literal) add("literal", l);
    if (!r.spelling) add("spelling", "0");
    if (r.corresponding) add("corresponding", "1");
    if (!r.sort.empty()) add("sort", r.sort);
    if (r.size != DEFAULT_PAGE_SIZE) add("size", std::to_string(r.size));
    if (r.page != 1) add("page", std::to_string(r.page));
    return "/search" + query;
}

SearchRequest with_filter(SearchRequest r, const std::string& facet, const std::string& value) {
    r.page = 1;
    auto it = std::find_if(r.filters.begin(), r.filters.end(), [&](const auto& f) { return f.first == facet; });
    if (it == r.filters.end()) {
        r.filters.emplace_back(facet, std::vector<std::string>{value});
    } else if (std::find(it->second.begin(), it->second.end(), value) == it->second.end()) {
        it->second.push_back(value);
    }
    return r;
}

SearchRequest without_filter(SearchRequest r, const std::string& facet, const std::string& value) {
    r.page = 1;
    for (auto& [name, values] : r.filters)
        if (name == facet) values.erase(std::remove(values.begin(), values.end(), value), values.end());
    r.filters.erase(std::remove_if(r.filters.begin(), r.filters.end(), [](const auto& f) { return f.second.empty(); }),
                    r.filters.end());
    // Widening only means something with an article selected: once the last one goes, the
    // option goes too, so a later article filter is not widened unasked.
    if (std::none_of(r.filters.begin(), r.filters.end(), [](const auto& f) { return f.first == "article"; }))
        r.corresponding = false;
    return r;
}

SearchRequest with_page(SearchRequest r, int page) {
    r.page = page;
    return r;
}

}  // namespace kb::server

#include "schema.h"

namespace kb {

const std::vector<Facet>& facets() {
    static const std::vector<Facet> table = {
        {"article", "XA", SLOT_ARTICLE, true, "Article"},
        {"region", "XR", SLOT_REGION, true, "Region"},
        {"topic", "XP", SLOT_TOPIC, true, "Topic"},
        {"type", "XT", SLOT_TYPE, false, "Type"},
        {"country", "XC", SLOT_COUNTRY, true, "Country"},
        {"year", "XY", SLOT_YEAR, false, "Year"},
        {"language", "XL", SLOT_LANGUAGE, false, "Language"},
    };
    return table;
}

const Facet* find_facet(std::string_view name) {
    for (const auto& f : facets())
        if (name == f.name) return &f;
    return nullptr;
}

std::string facet_term_value(std::string_view value) {
    std::string out;
    bool pending_dash = false;
    for (unsigned char c : value) {
        bool keep = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
        if (c >= 'A' && c <= 'Z') {
            c = static_cast<unsigned char>(c - 'A' + 'a');
            keep = true;
        }
        if (!keep) {
            pending_dash = !out.empty();
            continue;
        }
        if (pending_dash) out += '-';
        pending_dash = false;
        out += static_cast<char>(c);
    }
    return out;
}

std::string facet_term(const Facet& facet, std::string_view value) {
    return std::string(facet.prefix) + facet_term_value(value);
}

static constexpr char kSeparator = '\x1f';

std::string pack_values(const std::vector<std::string>& values) {
    std::string out;
    for (size_t i = 0; i < values.size(); ++i) {
        if (i) out += kSeparator;
        out += values[i];
    }
    return out;
}

std::vector<std::string> unpack_values(std::string_view packed) {
    std::vector<std::string> out;
    if (packed.empty()) return out;
    size_t start = 0;
    while (true) {
        size_t end = packed.find(kSeparator, start);
        out.emplace_back(packed.substr(start, end - start));
        if (end == std::string_view::npos) break;
        start = end + 1;
    }
    return out;
}

}  // namespace kb

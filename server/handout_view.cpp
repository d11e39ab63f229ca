#include "handout_view.h"

#include "query_string.h"
#include "request_language.h"

namespace kb::server {

namespace {

using nlohmann::json;

std::string capitalised(std::string s) {
    if (!s.empty() && s[0] >= 'a' && s[0] <= 'z') s[0] = static_cast<char>(s[0] - 'a' + 'A');
    return s;
}

std::string joined(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// The ids in the handout's canonical order: the notes found, then the ids not found (kept
// so the user sees them and decides; removing one is a button).
std::vector<std::string> all_ids(const Handout& h) {
    std::vector<std::string> ids;
    for (const auto& d : h.notes) ids.push_back(d.id);
    ids.insert(ids.end(), h.missing.begin(), h.missing.end());
    return ids;
}

std::string ids_param(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ",") + encode_component(id);
    return out;
}

// What a button submits as `ids`: the decoded list, comma-separated.
std::string ids_value(const std::vector<std::string>& ids) {
    std::string out;
    for (const auto& id : ids) out += (out.empty() ? "" : ",") + id;
    return out;
}

}  // namespace

std::string handout_url(const std::string& path, const std::vector<std::string>& ids, const std::string& title) {
    std::string url = path + "?ids=" + ids_param(ids);
    if (!title.empty()) url += "&title=" + encode_component(title);
    return url;
}

json handout_page_view(const Handout& h, const std::string& title, bool ids_given) {
    const std::vector<std::string> ids = all_ids(h);
    const auto refs = handout_references(h);
    auto reference_of = [&](const std::string& source) {
        for (std::size_t i = 0; i < refs.size(); ++i)
            if (refs[i].first == source) return i + 1;
        return std::size_t{0};
    };

    auto notes = json::array();
    for (std::size_t i = 0; i < h.notes.size(); ++i) {
        const Document& d = h.notes[i];
        auto moved = [&](std::size_t from, std::size_t to) {
            std::vector<std::string> order = ids;
            std::swap(order[from], order[to]);
            return ids_value(order);
        };
        std::vector<std::string> without = ids;
        without.erase(without.begin() + static_cast<long>(i));
        auto articles = json::array();
        for (const auto& a : d.articles) {
            const Article* art = h.concordance.find(a);
            articles.push_back({{"id", a}, {"title", art && !art->title.empty() ? json(art->title) : json(nullptr)}});
        }
        notes.push_back({{"position", i + 1},
                         {"id", d.id},
                         {"url", "/doc/" + encode_path_segment(d.id)},
                         {"title", d.title},
                         {"type", d.type},
                         {"type_label", ui_text("type_" + d.type, capitalised(d.type))},
                         {"articles", articles},
                         {"has_articles", !articles.empty()},
                         {"regions", d.regions.empty() ? json(nullptr) : json(joined(d.regions))},
                         {"countries", d.countries.empty() ? json(nullptr) : json(joined(d.countries))},
                         {"topics", d.topics.empty() ? json(nullptr) : json(joined(d.topics))},
                         {"source", d.source},
                         {"reference", reference_of(d.source)},
                         {"date", d.date.empty() ? json(nullptr) : json(d.date)},
                         {"up_ids", i > 0 ? json(moved(i, i - 1)) : json(nullptr)},
                         {"down_ids", i + 1 < h.notes.size() ? json(moved(i, i + 1)) : json(nullptr)},
                         {"remove_ids", ids_value(without)}});
    }

    auto missing = json::array();
    for (std::size_t i = 0; i < h.missing.size(); ++i) {
        std::vector<std::string> without = ids;
        without.erase(without.begin() + static_cast<long>(h.notes.size() + i));
        missing.push_back({{"id", h.missing[i]}, {"remove_ids", ids_value(without)}});
    }

    auto references = json::array();
    for (std::size_t i = 0; i < refs.size(); ++i) {
        auto cited_by = json::array();
        for (const auto* d : refs[i].second) cited_by.push_back(d->title);
        references.push_back({{"number", i + 1}, {"source", refs[i].first}, {"cited_by", joined(cited_by)}});
    }

    const std::size_t n = h.notes.size();
    const std::string handout_word = ui_text("handout_default_title", "Handout");
    return {{"page_title", title.empty() ? handout_word : title + " - " + handout_word},
            {"q", ""},
            {"on_handout", true},
            {"title", title},
            {"shown_title", title.empty() ? handout_word : title},
            {"date", h.date},
            {"ids_given", ids_given},
            {"ids_value", ids_value(ids)},
            {"count_text", std::to_string(n) + " " + (n == 1 ? ui_text("count_note", "note") : ui_text("count_notes", "notes"))},
            {"notes", notes},
            {"has_notes", n > 0},
            {"missing", missing},
            {"has_missing", !missing.empty()},
            {"is_empty", ids.empty()},
            {"references", references},
            {"markdown_url", handout_url("/handout.md", ids, title)},
            {"html_url", handout_url("/handout.html", ids, title)},
            {"print_url", handout_url("/handout/print", ids, title)},
            {"api_url", handout_url("/api/handout", ids, title)}};
}

}  // namespace kb::server

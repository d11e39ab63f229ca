#include "reference_views.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "query_string.h"
#include "request_language.h"
#include "schema.h"

namespace kb::server {

namespace {

using nlohmann::json;

// Shades of a matrix cell: 0 for an empty cell, then 1-5 by quantile of the non-empty
// cells, so a few large counts do not wash every other cell out.
constexpr int SHADES = 5;

// The words below are the UI's, in the request's language (web/messages/LANG.json). A
// message may hold {name} placeholders, filled here, so that each language orders its
// sentence its own way.
std::string filled(std::string text, const std::vector<std::pair<std::string, std::string>>& values) {
    for (const auto& [name, value] : values) {
        const std::string mark = "{" + name + "}";
        for (auto at = text.find(mark); at != std::string::npos; at = text.find(mark, at + value.size()))
            text.replace(at, mark.size(), value);
    }
    return text;
}

// The message KEY_one or KEY_many (by n), with {count} filled.
std::string counted(long n, const std::string& key, const std::string& english_one, const std::string& english_many) {
    const std::string text = n == 1 ? ui_text(key + "_one", english_one) : ui_text(key + "_many", english_many);
    return filled(text, {{"count", std::to_string(n)}});
}

// "3 notes", as the results pages say it.
std::string notes_text(long n) {
    return std::to_string(n) + " " + (n == 1 ? ui_text("count_note", "note") : ui_text("count_notes", "notes"));
}

std::string type_label(const std::string& type) {
    std::string english = type;
    if (!english.empty() && english[0] >= 'a' && english[0] <= 'z') english[0] = static_cast<char>(english[0] - 'a' + 'A');
    return ui_text("type_" + type, english);
}

std::string facet_label(const std::string& name, const std::string& english) {
    return ui_text("facet_" + name, english);
}

std::string convention_name(const std::string& convention) {
    if (convention == "UNCAC") return ui_text("convention_uncac", "United Nations Convention against Corruption");
    if (convention == "UNTOC")
        return ui_text("convention_untoc", "United Nations Convention against Transnational Organized Crime");
    return convention;
}

// `request` with the filter of `facet` replaced by `value` alone. An article set this way
// is that article only, not widened to its counterparts.
SearchRequest with_only(SearchRequest r, const std::string& facet, const std::string& value) {
    r.page = 1;
    r.filters.erase(std::remove_if(r.filters.begin(), r.filters.end(), [&](const auto& f) { return f.first == facet; }),
                    r.filters.end());
    if (facet == "article") r.corresponding = false;
    return with_filter(r, facet, value);
}

// The shade of each count: where it falls among the sorted non-empty counts.
int shade(long count, const std::vector<long>& sorted_nonzero) {
    if (count <= 0 || sorted_nonzero.empty()) return 0;
    const auto upper = std::upper_bound(sorted_nonzero.begin(), sorted_nonzero.end(), count) - sorted_nonzero.begin();
    const long n = static_cast<long>(sorted_nonzero.size());
    return static_cast<int>(std::max<long>(1, (SHADES * upper + n - 1) / n));
}

// A value as the results page shows it: types and languages in the UI's words, the
// notes' own vocabulary (regions, topics, articles...) as it is.
std::string display(const std::string& facet, const std::string& value) {
    if (facet == "language") return ui_text("value_language_" + value, value);
    return facet == "type" ? type_label(value) : value;
}

}  // namespace

std::string article_url(const std::string& id) {
    std::string slug = id;
    std::replace(slug.begin(), slug.end(), ' ', '-');
    return "/article/" + encode_path_segment(slug);
}

std::string matrix_url(const SearchRequest& request, const std::string& rows, const std::string& cols) {
    SearchRequest r = request;
    r.page = 1;
    r.size = DEFAULT_PAGE_SIZE;
    r.sort.clear();
    std::string query = search_url(r).substr(std::string("/search").size());
    query += query.empty() ? "?" : "&";
    return "/matrix" + query + "rows=" + encode_component(rows) + "&cols=" + encode_component(cols);
}

json article_page_view(const json& a) {
    const std::string id = a["id"];
    const std::string title = a["title"];
    auto counterparts = json::array();
    for (const auto& c : a["counterparts"])
        counterparts.push_back({{"id", c["id"]},
                                {"title", c["title"].get<std::string>().empty() ? json(nullptr) : c["title"]},
                                {"url", article_url(c["id"])},
                                {"count_text", notes_text(c["count"].get<long>())}});
    SearchRequest only;
    only.filters.push_back({"article", {id}});
    SearchRequest either = only;
    either.corresponding = true;
    auto groups = json::array();
    for (const auto& g : a["groups"]) {
        auto notes = json::array();
        for (const auto& n : g["notes"])
            notes.push_back({{"title", n["title"]},
                             {"url", "/doc/" + encode_path_segment(n["id"].get<std::string>())},
                             {"date", n["date"]}});
        SearchRequest of_type = only;
        of_type.filters.push_back({"type", {g["type"].get<std::string>()}});
        groups.push_back({{"type", g["type"]},
                          {"label", ui_text("group_" + g["type"].get<std::string>(), g["label"])},
                          {"count", g["count"]},
                          {"heading_id", "group-" + g["type"].get<std::string>()},
                          {"notes", notes},
                          {"has_notes", !notes.empty()},
                          {"search_url", search_url(of_type)}});
    }
    const long total = a["total"].get<long>();
    const long with_counterparts = a["total_with_counterparts"].get<long>();
    return {{"page_title", title.empty() ? id : id + " " + title},
            {"q", ""},
            {"id", id},
            {"title", title.empty() ? json(nullptr) : json(title)},
            {"convention_name", convention_name(a["convention"])},
            {"counterparts", counterparts},
            {"has_counterparts", !counterparts.empty()},
            {"total_text", counted(total, "article_cites", "{count} note cites this article",
                                   "{count} notes cite this article")},
            {"search_text", total == 1 ? ui_text("article_search_one", "search it")
                                       : ui_text("article_search_many", "search them")},
            {"search_url", search_url(only)},
            {"either", !counterparts.empty()
                           ? json{{"url", search_url(either)},
                                  {"lead", with_counterparts == 1 ? ui_text("article_either_lead_one", "or the")
                                                                  : ui_text("article_either_lead_many", "or the")},
                                  {"text", counted(with_counterparts, "article_either",
                                                   "{count} note under either Convention",
                                                   "{count} notes under either Convention")}}
                           : json(nullptr)},
            {"matrix_url", matrix_url(only, "type", "region")},
            {"groups", groups}};
}

json matrix_page_view(const MatrixRequest& req, const json& m) {
    const std::string rows_facet = m["rows"]["facet"], cols_facet = m["cols"]["facet"];
    const SearchRequest& base = req.search;

    std::vector<long> nonzero;
    for (const auto& line : m["cells"])
        for (const auto& c : line)
            if (c.get<long>() > 0) nonzero.push_back(c.get<long>());
    std::sort(nonzero.begin(), nonzero.end());

    auto columns = json::array();
    for (const auto& c : m["cols"]["values"]) {
        const std::string value = c["value"];
        const long total = c["total"].get<long>();
        columns.push_back({{"display", display(cols_facet, value)},
                           {"title", c.value("title", "").empty() ? json(nullptr) : c["title"]},
                           {"total", total},
                           {"url", total > 0 ? json(search_url(with_only(base, cols_facet, value))) : json(nullptr)}});
    }
    auto rows = json::array();
    std::size_t i = 0;
    for (const auto& r : m["rows"]["values"]) {
        const std::string value = r["value"];
        const SearchRequest row_request = with_only(base, rows_facet, value);
        auto cells = json::array();
        std::size_t j = 0;
        for (const auto& c : m["cols"]["values"]) {
            const long count = m["cells"][i][j++].get<long>();
            cells.push_back({{"count", count},
                             {"shade", shade(count, nonzero)},
                             {"url", count > 0 ? json(search_url(with_only(row_request, cols_facet, c["value"])))
                                               : json(nullptr)}});
        }
        const long total = r["total"].get<long>();
        rows.push_back({{"display", display(rows_facet, value)},
                        {"title", r.value("title", "").empty() ? json(nullptr) : r["title"]},
                        {"article_url", rows_facet == "article" ? json(article_url(value)) : json(nullptr)},
                        {"total", total},
                        {"url", total > 0 ? json(search_url(row_request)) : json(nullptr)},
                        {"cells", cells}});
        ++i;
    }

    // The form keeps the search (q, filters, corresponding) and changes only the axes.
    auto hidden = json::array();
    if (!base.q.empty()) hidden.push_back({{"name", "q"}, {"value", base.q}});
    for (const auto& facet : facets())
        for (const auto& [name, values] : base.filters)
            if (name == facet.name)
                for (const auto& v : values) hidden.push_back({{"name", name}, {"value", v}});
    if (base.corresponding) hidden.push_back({{"name", "corresponding"}, {"value", "1"}});
    auto options = [&](const std::string& chosen) {
        auto out = json::array();
        for (const auto& f : facets())
            out.push_back({{"name", f.name}, {"label", facet_label(f.name, f.label)}, {"selected", chosen == f.name}});
        return out;
    };

    auto scope = json::array();
    const bool has_text = base.q.find_first_not_of(" \t\r\n") != std::string::npos;
    if (has_text)
        scope.push_back({{"text", ui_text("matrix_matching", "matching") + " " + ui_text("quote_open", "“") + base.q +
                                      ui_text("quote_close", "”")}});
    for (const auto& facet : facets())
        for (const auto& [name, values] : base.filters)
            if (name == facet.name) {
                std::string text = facet_label(facet.name, facet.label) + ui_text("colon", ":") + " ";
                for (std::size_t k = 0; k < values.size(); ++k)
                    text += (k ? " " + ui_text("matrix_or", "or") + " " : std::string()) + display(name, values[k]);
                scope.push_back({{"text", text}});
            }
    if (base.corresponding && m["widened"].is_object() && !m["widened"].empty())
        scope.push_back({{"text", ui_text("matrix_with_corresponding", "with corresponding articles")}});

    const std::string rows_label = facet_label(rows_facet, m["rows"]["label"]);
    const std::string cols_label = facet_label(cols_facet, m["cols"]["label"]);
    const long total = m["total"].get<long>();
    const bool overlap = m["overlap"].get<bool>();
    std::string caption = filled(ui_text("matrix_caption", "Notes by {rows} (rows) and {cols} (columns), {notes} in all."),
                                 {{"rows", rows_label}, {"cols", cols_label}, {"notes", notes_text(total)}});
    if (overlap)
        caption += " " + ui_text("matrix_overlap",
                                 "Totals count each note once; a note can have several values of a facet, or none, so "
                                 "it can fall in several cells or in none, and a total can differ from the sum of its "
                                 "cells.");
    const std::string heading =
        filled(ui_text("matrix_title", "Coverage: {rows} by {cols}"), {{"rows", rows_label}, {"cols", cols_label}});
    SearchRequest results = base;
    return {{"page_title", heading},
            {"heading", heading},
            {"q", base.q},
            {"rows_label", rows_label},
            {"cols_label", cols_label},
            {"caption", caption},
            {"scope", scope},
            {"has_scope", !scope.empty()},
            {"row_options", options(rows_facet)},
            {"col_options", options(cols_facet)},
            {"hidden", hidden},
            {"columns", columns},
            {"rows", rows},
            {"has_rows", !rows.empty() && !columns.empty()},
            {"total", total},
            {"total_url", search_url(results)},
            {"swap_url", matrix_url(base, cols_facet, rows_facet)}};
}

}  // namespace kb::server

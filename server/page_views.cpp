#include "page_views.h"

#include <algorithm>
#include <cstdlib>

#include "query_string.h"
#include "request_language.h"
#include "reference_views.h"
#include "schema.h"

namespace kb::server {

namespace {

using nlohmann::json;

// Facet values shown before the rest fold into "More ...". Selected values always show.
constexpr std::size_t FACET_TOP = 6;
// Page links either side of the current one.
constexpr int PAGE_WINDOW = 2;
// Steps of a facet count's inline bar (kb.css .bar-0 ... .bar-20: 5% each). The page's
// policy forbids inline styles, so widths come from classes.
constexpr long BAR_STEPS = 20;

json or_null(const std::string& s) { return s.empty() ? json(nullptr) : json(s); }

std::string doc_url(const std::string& id) { return "/doc/" + encode_path_segment(id); }

std::string filter_url(const std::string& facet, const std::string& value) {
    return search_url(with_filter(SearchRequest{}, facet, value));
}

// The words below are the UI's, in the request's language (web/messages/LANG.json).
std::string type_label(std::string type) {
    std::string english = type;
    if (!english.empty() && english[0] >= 'a' && english[0] <= 'z') english[0] = static_cast<char>(english[0] - 'a' + 'A');
    return ui_text("type_" + type, english);
}

// "3 results": `one` and `many` are English words, keys of the messages as count_WORD.
std::string plural(long n, const char* one, const char* many) {
    const std::string word = n == 1 ? one : many;
    return std::to_string(n) + " " + ui_text("count_" + word, word);
}

std::string facet_label(const Facet& facet) { return ui_text(std::string("facet_") + facet.name, facet.label); }

std::string article_title(const Concordance& c, const std::string& id) {
    const Article* a = c.find(id);
    return a ? a->title : std::string();
}

// "UNCAC 46" -> ("UNCAC", 46): articles list in the Conventions' order, not by count.
std::pair<std::string, long> article_key(const std::string& id) {
    const auto space = id.find(' ');
    if (space == std::string::npos) return {id, 0};
    return {id.substr(0, space), std::strtol(id.c_str() + space + 1, nullptr, 10)};
}

std::string display_value(const Facet& facet, const std::string& value) {
    if (std::string(facet.name) == "language") return ui_text("value_language_" + value, value);
    return std::string(facet.name) == "type" ? type_label(value) : value;
}

// The facet checkboxes belong to the search form (form="search"): ticking one and
// submitting (the script does it at once) carries the whole state in the URL.
json facet_sidebar(const SearchRequest& req, const json& result, const Concordance& concordance) {
    auto out = json::array();
    for (const auto& facet : facets()) {
        const json& rows = result["facets"][facet.name];
        const bool is_article = std::string(facet.name) == "article";
        long max_count = 0;
        for (const auto& r : rows) max_count = std::max(max_count, r["count"].get<long>());
        const bool any_selected =
            std::any_of(rows.begin(), rows.end(), [](const json& r) { return r.value("selected", false); });
        // Every note is in English so far: a language list of one unticked value is noise.
        if (rows.empty() || (std::string(facet.name) == "language" && rows.size() < 2 && !any_selected)) continue;
        auto top = json::array(), more = json::array();
        for (const auto& r : rows) {
            const std::string value = r["value"];
            const bool selected = r["selected"];
            const long count = r["count"].get<long>();
            const std::string title = is_article ? r.value("title", "") : std::string();
            // A bar of at least one step for any count above zero: a short bar is not no bar.
            const long bar = max_count > 0 ? (count * BAR_STEPS + max_count - 1) / max_count : 0;
            json row = {{"name", facet.name},
                        {"value", value},
                        {"display", title.empty() ? display_value(facet, value) : value + " — " + title},
                        {"count", count},
                        {"bar", bar},
                        {"selected", selected},
                        {"page_url", is_article ? json(article_url(value)) : json(nullptr)},
                        // A tooltip only where the label lacks the title: said twice, a
                        // screen reader reads it twice.
                        {"hint", is_article && title.empty() ? or_null(article_title(concordance, value)) : json(nullptr)}};
            (top.size() < FACET_TOP || selected ? top : more).push_back(std::move(row));
        }
        // "Include corresponding articles", offered once an article is selected.
        json widen = nullptr;
        if (is_article && any_selected) {
            std::string text;
            for (const auto& [article, added] : result["widened"].items())
                for (const auto& c : added) text += (text.empty() ? "" : ", ") + article + " also matches " + c.get<std::string>();
            widen = {{"checked", req.corresponding}, {"text", or_null(text)}};
        }
        out.push_back({{"name", facet.name},
                       {"label", facet_label(facet)},
                       {"widen_option", widen},
                       {"top", top},
                       {"more", more},
                       {"has_more", !more.empty()},
                       {"more_count", more.size()}});
    }
    return out;
}

// "Missing: handled" for a hit of a widened search that lacks some words, or null.
json missing_text(const json& hit) {
    std::string words;
    for (const auto& w : hit.value("missing", json::array()))
        words += (words.empty() ? "" : ", ") + w.get<std::string>();
    return words.empty() ? json(nullptr) : json(words);
}

json hit_view(const SearchRequest& req, const json& hit) {
    auto meta = json::array();
    auto add = [&](const char* facet, const std::string& value, const std::string& text) {
        meta.push_back({{"text", text},
                        {"label", facet_label(*find_facet(facet))},
                        {"url", search_url(with_filter(req, facet, value))}});
    };
    for (const auto& a : hit["articles"]) add("article", a, a);
    for (const auto& c : hit["countries"]) add("country", c, c);
    for (const auto& r : hit["regions"]) add("region", r, r);
    const std::string date = hit.value("date", "");
    if (date.size() >= 4) add("year", date.substr(0, 4), date.substr(0, 4));
    return {{"id", hit["id"]},
            {"url", doc_url(hit["id"])},
            {"title", hit["title"]},
            {"type", hit["type"]},
            {"type_label", type_label(hit["type"])},
            {"snippet", hit["snippet"]},
            {"date", date},
            {"missing", missing_text(hit)},
            {"meta", meta}};
}

json pagination(const SearchRequest& req, long total) {
    const long pages = std::min<long>((total + req.size - 1) / req.size, MAX_PAGE);
    if (pages <= 1) return nullptr;
    auto links = json::array();
    long last_shown = 0;
    for (long p = 1; p <= pages; ++p) {
        const bool near = p == 1 || p == pages || std::labs(p - req.page) <= PAGE_WINDOW;
        if (!near) continue;
        if (p > last_shown + 1) links.push_back({{"gap", true}});
        links.push_back({{"gap", false},
                         {"number", p},
                         {"current", p == req.page},
                         {"url", search_url(with_page(req, static_cast<int>(p)))}});
        last_shown = p;
    }
    return {{"prev", req.page > 1 && req.page <= pages ? json(search_url(with_page(req, req.page - 1))) : json(nullptr)},
            {"next", req.page < pages ? json(search_url(with_page(req, req.page + 1))) : json(nullptr)},
            {"pages", links}};
}

}  // namespace

// "Including corresponding articles: UNCAC 46 also matches UNTOC 18." or null.
json widened_summary(const json& result) {
    std::string text;
    for (const auto& [article, added] : result["widened"].items()) {
        std::string others;
        for (const auto& c : added)
            others += (others.empty() ? "" : " " + ui_text("widened_and", "and") + " ") + c.get<std::string>();
        if (!others.empty())
            text += (text.empty() ? "" : "; ") + article + " " + ui_text("widened_also_matches", "also matches") + " " + others;
    }
    return text.empty() ? json(nullptr)
                        : json(ui_text("widened_including", "Including corresponding articles:") + " " + text + ".");
}

json results_view(const SearchRequest& req, const json& result, const Concordance& concordance) {
    const long total = result["total"].get<long>();
    const bool has_text = req.q.find_first_not_of(" \t\r\n") != std::string::npos;

    auto chips = json::array();
    auto drops = json::array();
    for (const auto& facet : facets())
        for (const auto& [name, values] : req.filters)
            if (name == facet.name)
                for (const auto& v : values) {
                    const std::string url = search_url(without_filter(req, name, v));
                    chips.push_back({{"label", facet_label(facet)}, {"value", display_value(facet, v)}, {"url", url}});
                    drops.push_back({{"label", facet_label(facet)}, {"value", display_value(facet, v)}, {"url", url}});
                }
    SearchRequest cleared = req;
    cleared.filters.clear();
    cleared.page = 1;

    auto hits = json::array();
    for (const auto& h : result["hits"]) hits.push_back(hit_view(req, h));

    json suggestion = nullptr, corrected = nullptr;
    if (result["suggestion"].is_string()) {
        SearchRequest fixed = req;
        fixed.q = result["suggestion"];
        fixed.page = 1;
        fixed.spelling = true;
        if (result.value("corrected", false)) {
            SearchRequest as_typed = req;
            as_typed.spelling = false;
            as_typed.page = 1;
            corrected = {{"text", fixed.q}, {"original", req.q}, {"original_url", search_url(as_typed)}};
        } else {
            suggestion = {{"text", fixed.q}, {"url", search_url(fixed)}};
        }
    }
    // "Understood: Region = Asia-Pacific Group ×": removing it searches the phrase as words.
    auto understood = json::array();
    for (const auto& u : result.value("understood", json::array())) {
        const Facet* facet = find_facet(u["facet"].get<std::string>());
        if (!facet) continue;
        SearchRequest as_words = req;
        as_words.literal.push_back(u["phrase"]);
        as_words.page = 1;
        understood.push_back({{"label", facet_label(*facet)},
                              {"value", display_value(*facet, u["value"])},
                              {"phrase", u["phrase"]},
                              {"url", search_url(as_words)}});
    }

    std::string count_text = total == 0 ? ui_text("count_no_results", "No results") : has_text ? plural(total, "result", "results")
                                                                  : plural(total, "note", "notes");
    const bool beyond_last = total > 0 && hits.empty();
    return {{"page_title", has_text ? req.q + " - " + ui_text("results_search", "Search") : ui_text("results_all_notes", "All notes")},
            {"q", req.q},
            {"on_results", true},
            {"count_text", count_text},
            {"query_text", has_text ? json(req.q) : json(nullptr)},
            {"total", total},
            {"sort_relevance", result["sort"] == "relevance"},
            {"sort_date", result["sort"] == "date"},
            {"size_param", req.size != DEFAULT_PAGE_SIZE ? json(std::to_string(req.size)) : json(nullptr)},
            {"chips", chips},
            {"has_chips", !chips.empty()},
            {"clear_url", search_url(cleared)},
            {"suggestion", suggestion},
            {"corrected", corrected},
            {"understood", understood},
            {"has_understood", !understood.empty()},
            {"closest", result.value("matching", "") == "closest" && total > 0},
            {"hits", hits},
            {"has_hits", !hits.empty()},
            {"start", (req.page - 1) * req.size + 1},
            {"no_results", total == 0 ? json{{"drops", drops}, {"has_filters", !drops.empty()}} : json(nullptr)},
            {"beyond_last", beyond_last ? json{{"url", search_url(with_page(req, 1))}} : json(nullptr)},
            {"facets", facet_sidebar(req, result, concordance)},
            {"widened_summary", widened_summary(result)},
            {"matrix_url", matrix_url(req)},
            {"pagination", pagination(req, total)}};
}

json home_view(const json& browse, const Concordance& concordance) {
    auto uncac = json::array(), untoc = json::array();
    std::vector<json> articles(browse["facets"]["article"].begin(), browse["facets"]["article"].end());
    std::sort(articles.begin(), articles.end(), [](const json& a, const json& b) {
        return article_key(a["value"]) < article_key(b["value"]);
    });
    for (const auto& row : articles) {
        const std::string id = row["value"];
        json item = {{"id", id},
                     {"title", or_null(article_title(concordance, id))},
                     {"count", row["count"]},
                     {"url", filter_url("article", id)},
                     {"page_url", article_url(id)}};
        (article_key(id).first == "UNTOC" ? untoc : uncac).push_back(std::move(item));
    }
    auto listed = [&](const char* facet, bool alphabetical) {
        std::vector<json> rows(browse["facets"][facet].begin(), browse["facets"][facet].end());
        if (alphabetical)
            std::sort(rows.begin(), rows.end(), [](const json& a, const json& b) { return a["value"] < b["value"]; });
        auto out = json::array();
        for (const auto& row : rows)
            out.push_back({{"value", display_value(*find_facet(facet), row["value"])},
                           {"count", row["count"]},
                           {"url", filter_url(facet, row["value"])}});
        return out;
    };
    auto latest = json::array();
    for (const auto& h : browse["hits"])
        latest.push_back({{"title", h["title"]},
                          {"url", doc_url(h["id"])},
                          {"type_label", type_label(h["type"])},
                          {"type", h["type"]},
                          {"date", h["date"]}});
    return {{"page_title", ui_text("home_title", "Home")},
            {"q", ""},
            {"on_home", true},
            {"total", browse["total"]},
            {"total_text", plural(browse["total"].get<long>(), "note", "notes")},
            {"uncac", uncac},
            {"untoc", untoc},
            {"has_untoc", !untoc.empty()},
            {"regions", listed("region", true)},
            {"topics", listed("topic", true)},
            {"types", listed("type", false)},
            {"has_latest", !latest.empty()},
            {"latest", latest}};
}

json document_page_view(const json& doc) {
    auto articles = json::array();
    std::vector<std::string> all_articles;
    for (const auto& a : doc["concordance"]) {
        auto counterparts = json::array();
        for (const auto& c : a["counterparts"]) {
            counterparts.push_back({{"id", c["id"]}, {"title", or_null(c["title"])}, {"url", filter_url("article", c["id"])}});
        }
        articles.push_back({{"id", a["id"]},
                            {"title", or_null(a["title"])},
                            {"url", filter_url("article", a["id"])},
                            {"page_url", article_url(a["id"])},
                            {"counterparts", counterparts},
                            {"has_counterparts", !counterparts.empty()}});
        all_articles.push_back(a["id"]);
    }
    for (const auto& c : doc["counterparts"]) all_articles.push_back(c);
    json either = nullptr;
    if (!doc["counterparts"].empty()) {
        SearchRequest r;
        for (const auto& a : all_articles) r = with_filter(r, "article", a);
        either = search_url(r);
    }
    auto links = [&](const char* facet, const json& values) {
        auto out = json::array();
        for (const auto& v : values) out.push_back({{"value", v}, {"url", filter_url(facet, v)}});
        return out;
    };
    auto related = json::array();
    for (const auto& r : doc["related"])
        related.push_back({{"title", r["title"]},
                           {"url", doc_url(r["id"])},
                           {"type", r["type"]},
                           {"type_label", type_label(r["type"])},
                           {"date", r["date"]}});
    const std::string date = doc.value("date", "");
    const std::string type = doc.value("type", "");
    return {{"page_title", doc["title"]},
            {"q", ""},
            {"id", doc["id"]},
            {"title", doc["title"]},
            {"type", type},
            {"type_label", type_label(type)},
            {"type_url", filter_url("type", type)},
            {"html", doc["html"]},
            {"source", or_null(doc.value("source", ""))},
            {"date", or_null(date)},
            {"year_url", date.size() >= 4 ? json(filter_url("year", date.substr(0, 4))) : json(nullptr)},
            {"articles", articles},
            {"has_articles", !articles.empty()},
            {"either_convention_url", either},
            {"regions", links("region", doc["regions"])},
            {"has_regions", !doc["regions"].empty()},
            {"countries", links("country", doc["countries"])},
            {"has_countries", !doc["countries"].empty()},
            {"topics", links("topic", doc["topics"])},
            {"has_topics", !doc["topics"].empty()},
            {"related", related},
            {"has_related", !related.empty()}};
}

json error_view(int status, const std::string& message) {
    std::string heading = ui_text("error_heading_500", "Something went wrong");
    if (status == 400) heading = ui_text("error_heading_400", "That request could not be understood");
    else if (status == 404) heading = ui_text("error_heading_404", "Page not found");
    else if (status == 405) heading = ui_text("error_heading_405", "Method not allowed");
    else if (status == 503) heading = ui_text("error_heading_503", "The knowledge base is not available");
    else if (status >= 400 && status < 500) heading = ui_text("error_heading_4xx", "That request could not be handled");
    return {{"page_title", heading}, {"q", ""}, {"status", status}, {"heading", heading}, {"message", message}};
}

}  // namespace kb::server

#include "handout.h"

#include <algorithm>
#include <ctime>
#include <map>

#include <nlohmann/json.hpp>

#include "html_escape.h"
#include "markdown.h"
#include "schema.h"
#include "utf8.h"

namespace kb {

std::optional<Document> find_document(const Xapian::Database& db, const std::string& id) {
    const std::string term = PREFIX_ID + id;
    auto it = db.postlist_begin(term);
    if (id.empty() || it == db.postlist_end(term)) return std::nullopt;
    const auto data = nlohmann::json::parse(db.get_document(*it).get_data(), nullptr, false);
    if (!data.is_object()) return std::nullopt;
    return document_from_data(data);
}

std::vector<std::string> split_ids(const std::string& list) {
    std::vector<std::string> out;
    std::size_t start = 0;
    while (start <= list.size()) {
        std::size_t end = list.find(',', start);
        if (end == std::string::npos) end = list.size();
        std::string id = list.substr(start, end - start);
        id.erase(0, id.find_first_not_of(" \t"));
        id.erase(id.find_last_not_of(" \t") + 1);
        if (!id.empty()) out.push_back(id);
        start = end + 1;
    }
    return out;
}

Result<std::vector<std::string>> parse_handout_ids(const std::string& list) {
    std::vector<std::string> ids;
    for (auto& id : split_ids(list)) {
        const std::string shown = id.substr(0, 40) + (id.size() > 40 ? "..." : "");
        if (!is_valid_utf8(id)) return Error{"an id in 'ids' is not valid UTF-8"};
        if (id.size() > MAX_HANDOUT_ID_BYTES)
            return Error{"the id '" + shown + "' in 'ids' is too long (" + std::to_string(id.size()) +
                         " bytes; at most " + std::to_string(MAX_HANDOUT_ID_BYTES) + ")"};
        if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(std::move(id));
        if (ids.size() > MAX_HANDOUT_NOTES)
            return Error{"too many ids in 'ids' (more than " + std::to_string(MAX_HANDOUT_NOTES) +
                         "); a handout holds at most " + std::to_string(MAX_HANDOUT_NOTES) + " notes"};
    }
    return ids;
}

Result<std::string> check_handout_title(const std::string& title) {
    if (!is_valid_utf8(title)) return Error{"'title' is not valid UTF-8"};
    if (title.size() > MAX_HANDOUT_TITLE_BYTES)
        return Error{"'title' is too long (" + std::to_string(title.size()) + " bytes; at most " +
                     std::to_string(MAX_HANDOUT_TITLE_BYTES) + ")"};
    return title;
}

std::string today_local_date() {
    char buf[16];
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    std::strftime(buf, sizeof buf, "%Y-%m-%d", &local);
    return buf;
}

Handout load_handout(const Xapian::Database& db, const std::vector<std::string>& ids, std::string title,
                     std::string date) {
    Handout h;
    h.title = title.empty() ? "Handout" : std::move(title);
    h.date = std::move(date);
    const std::string stored = db.get_metadata(META_CONCORDANCE);
    if (!stored.empty()) h.concordance = Concordance::from_json(nlohmann::json::parse(stored, nullptr, false));
    std::vector<std::string> seen;
    for (const auto& id : ids) {
        if (std::find(seen.begin(), seen.end(), id) != seen.end()) continue;
        seen.push_back(id);
        if (seen.size() > MAX_HANDOUT_NOTES) break;
        if (auto doc = find_document(db, id)) h.notes.push_back(std::move(*doc));
        else h.missing.push_back(id);
    }
    return h;
}

namespace {

std::string joined(const std::vector<std::string>& v, const char* sep = ", ") {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
    return out;
}

std::string article_label(const Handout& h, const std::string& a) {
    const Article* art = h.concordance.find(a);
    return art && !art->title.empty() ? a + " (" + art->title + ")" : a;
}

std::vector<std::string> article_labels(const Handout& h, const Document& d) {
    std::vector<std::string> out;
    for (const auto& a : d.articles) out.push_back(article_label(h, a));
    return out;
}

std::size_t reference_number(const Handout& h, const std::string& source) {
    const auto refs = handout_references(h);
    for (std::size_t i = 0; i < refs.size(); ++i)
        if (refs[i].first == source) return i + 1;
    return 0;
}

// Body headings one level down, below the note's own title (fenced code left alone).
std::string demote_headings(const std::string& md) {
    std::string out;
    bool fenced = false;
    std::size_t start = 0;
    while (start < md.size()) {
        std::size_t end = md.find('\n', start);
        if (end == std::string::npos) end = md.size();
        std::string line = md.substr(start, end - start);
        if (line.rfind("```", 0) == 0 || line.rfind("~~~", 0) == 0) fenced = !fenced;
        if (!fenced && !line.empty() && line[0] == '#') {
            // One level down, and never above level 3: level 2 is the note's own title.
            const std::size_t level = line.find_first_not_of('#');
            if (level != std::string::npos && line[level] == ' ')
                line = std::string(std::max<std::size_t>(level + 1, 3), '#') + line.substr(level);
        }
        out += line + "\n";
        start = end + 1;
    }
    return out;
}

const char* kHandoutCss = R"CSS(
body { font: 16px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1b1b1b; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; }
h1 { font-size: 2rem; margin: 0 0 .5rem; } h2 { font-size: 1.5rem; margin-top: 2.5rem; border-top: 2px solid #1d4f91; padding-top: 1rem; }
h3, h4 { font-size: 1.15rem; }
.cover { min-height: 40vh; border-bottom: 4px solid #1d4f91; margin-bottom: 2rem; }
.cover p { color: #444; }
.type { display: inline-block; font-size: .8rem; font-weight: 700; letter-spacing: .05em; text-transform: uppercase; background: #e8eef7; color: #1d4f91; padding: .1rem .4rem; border-radius: 3px; }
dl.meta { display: grid; grid-template-columns: max-content 1fr; gap: .2rem 1rem; font-size: .9rem; background: #f5f5f5; padding: .75rem 1rem; }
dl.meta dt { font-weight: 700; } dl.meta dd { margin: 0; }
.missing { border: 2px solid #b3261e; padding: .5rem 1rem; color: #b3261e; }
a { color: #1d4f91; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  .cover { min-height: 0; page-break-after: always; border: 0; }
  .note { page-break-before: always; }
  h2 { border-top: 0; }
  a { color: inherit; text-decoration: none; }
  nav.toc a::after { content: ""; }
}
@page { size: A4; margin: 2cm; }
)CSS";

}  // namespace

std::vector<std::pair<std::string, std::vector<const Document*>>> handout_references(const Handout& h) {
    std::vector<std::pair<std::string, std::vector<const Document*>>> refs;
    for (const auto& d : h.notes) {
        auto it = std::find_if(refs.begin(), refs.end(), [&](const auto& r) { return r.first == d.source; });
        if (it == refs.end()) refs.push_back({d.source, {&d}});
        else it->second.push_back(&d);
    }
    return refs;
}

nlohmann::json handout_json(const Handout& h) {
    auto notes = nlohmann::json::array();
    for (const auto& d : h.notes)
        notes.push_back({{"id", d.id},
                         {"title", d.title},
                         {"type", d.type},
                         {"articles", d.articles},
                         {"regions", d.regions},
                         {"countries", d.countries},
                         {"topics", d.topics},
                         {"source", d.source},
                         {"reference", reference_number(h, d.source)},
                         {"date", d.date},
                         {"language", d.language}});
    auto refs = nlohmann::json::array();
    std::size_t number = 0;
    for (const auto& [source, docs] : handout_references(h)) {
        auto cited_by = nlohmann::json::array();
        for (const auto* d : docs) cited_by.push_back(d->id);
        refs.push_back({{"number", ++number}, {"source", source}, {"cited_by", cited_by}});
    }
    return {{"title", h.title}, {"date", h.date}, {"notes", notes}, {"missing", h.missing}, {"references", refs}};
}

std::string handout_markdown(const Handout& h) {
    std::string out = "# " + h.title + "\n\n";
    const HandoutLabels& l = h.labels;
    out += "_" + h.date + " · " + std::to_string(h.notes.size()) + " " + (h.notes.size() == 1 ? l.note : l.notes) +
           " · " + l.site + "_\n\n";
    if (!h.missing.empty())
        out += "> **" + l.not_found + "** " + joined(h.missing) + "\n\n";
    out += "## " + l.contents + "\n\n";
    for (std::size_t i = 0; i < h.notes.size(); ++i)
        out += std::to_string(i + 1) + ". [" + h.notes[i].title + "](#" + h.notes[i].id + ") (" + h.notes[i].type + ")\n";
    for (const auto& d : h.notes) {
        out += "\n---\n\n<a id=\"" + d.id + "\"></a>\n\n## " + d.title + "\n\n";
        out += "- **" + l.type + ":** " + d.type + "\n";
        if (!d.articles.empty()) out += "- **" + l.articles + ":** " + joined(article_labels(h, d)) + "\n";
        if (!d.regions.empty()) out += "- **" + l.regions + ":** " + joined(d.regions) + "\n";
        if (!d.countries.empty()) out += "- **" + l.countries + ":** " + joined(d.countries) + "\n";
        if (!d.topics.empty()) out += "- **" + l.topics + ":** " + joined(d.topics) + "\n";
        out += "- **" + l.source + ":** " + d.source + " [" + std::to_string(reference_number(h, d.source)) + "]\n";
        out += "- **" + l.date + ":** " + d.date + "\n\n";
        out += demote_headings(d.body);
    }
    out += "\n---\n\n## " + l.references + "\n\n";
    const auto refs = handout_references(h);
    for (std::size_t i = 0; i < refs.size(); ++i) {
        std::vector<std::string> titles;
        for (const auto* d : refs[i].second) titles.push_back(d->title);
        out += std::to_string(i + 1) + ". " + refs[i].first + " (" + l.cited_by + ": " + joined(titles, "; ") + ")\n";
    }
    return out;
}

std::string handout_html(const Handout& h) {
    const HandoutLabels& l = h.labels;
    std::string out = "<!doctype html>\n<html lang=\"" + html_escape(l.lang) + "\">\n<head>\n<meta charset=\"utf-8\">\n"
                      "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n";
    out += "<title>" + html_escape(h.title) + "</title>\n<style>" + kHandoutCss + "</style>\n</head>\n<body>\n";
    out += "<header class=\"cover\">\n<h1>" + html_escape(h.title) + "</h1>\n<p>" + html_escape(h.date) + " · " +
           std::to_string(h.notes.size()) + " " + html_escape(h.notes.size() == 1 ? l.note : l.notes) + " · " +
           html_escape(l.site) + "</p>\n";
    if (!h.missing.empty())
        out += "<p class=\"missing\" role=\"alert\"><strong>" + html_escape(l.not_found) + "</strong> " +
               html_escape(joined(h.missing)) + "</p>\n";
    out += "<nav class=\"toc\" aria-label=\"" + html_escape(l.contents) + "\">\n<h2>" + html_escape(l.contents) +
           "</h2>\n<ol>\n";
    for (const auto& d : h.notes)
        out += "<li><a href=\"#note-" + html_escape(d.id) + "\">" + html_escape(d.title) + "</a> <span class=\"type\">" +
               html_escape(d.type) + "</span></li>\n";
    out += "</ol>\n</nav>\n</header>\n<main>\n";
    for (const auto& d : h.notes) {
        out += "<article class=\"note\" id=\"note-" + html_escape(d.id) + "\">\n<h2>" + html_escape(d.title) +
               "</h2>\n<p><span class=\"type\">" + html_escape(d.type) + "</span></p>\n<dl class=\"meta\">\n";
        auto row = [&](const std::string& label, const std::string& value) {
            if (!value.empty()) out += "<dt>" + html_escape(label) + "</dt><dd>" + html_escape(value) + "</dd>\n";
        };
        row(l.articles, joined(article_labels(h, d)));
        row(l.regions, joined(d.regions));
        row(l.countries, joined(d.countries));
        row(l.topics, joined(d.topics));
        row(l.source, d.source + " [" + std::to_string(reference_number(h, d.source)) + "]");
        row(l.date, d.date);
        out += "</dl>\n" + markdown_to_html(demote_headings(d.body)) + "</article>\n";
    }
    out += "<section class=\"note\" id=\"references\">\n<h2>" + html_escape(l.references) + "</h2>\n<ol>\n";
    for (const auto& [source, docs] : handout_references(h)) {
        std::vector<std::string> titles;
        for (const auto* d : docs) titles.push_back(d->title);
        out += "<li>" + html_escape(source) + " <small>(" + html_escape(l.cited_by) + ": " + html_escape(joined(titles, "; ")) +
               ")</small></li>\n";
    }
    out += "</ol>\n</section>\n</main>\n</body>\n</html>\n";
    return out;
}

}  // namespace kb

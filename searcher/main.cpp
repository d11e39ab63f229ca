// kb-search: searches the knowledge base from a terminal; --json prints the API's JSON.
// Also shows what kb-serve's reference routes show, through the same core functions:
// --related ID (/api/related/{id}), --article-info ID (/api/article/{id}) and
// --matrix ROWS,COLS (/api/matrix).
#include <unistd.h>

#include <algorithm>
#include <cstring>
#include <iostream>
#include <optional>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "article_view.h"
#include "document_view.h"
#include "index_store.h"
#include "json_text.h"
#include "matrix.h"
#include "schema.h"
#include "search.h"
#include "version.h"

namespace {

// Snippets are HTML (escaped text, matches in <mark>); a terminal wants plain text.
std::string snippet_for_terminal(const std::string& html, bool tty) {
    std::string out;
    for (size_t i = 0; i < html.size();) {
        auto starts = [&](const char* s) { return html.compare(i, std::strlen(s), s) == 0; };
        if (starts("<mark>")) { out += tty ? "\033[1;4m" : "["; i += 6; }
        else if (starts("</mark>")) { out += tty ? "\033[0m" : "]"; i += 7; }
        else if (starts("&amp;")) { out += '&'; i += 5; }
        else if (starts("&lt;")) { out += '<'; i += 4; }
        else if (starts("&gt;")) { out += '>'; i += 4; }
        else if (starts("&quot;")) { out += '"'; i += 6; }
        else if (starts("&#39;")) { out += '\''; i += 5; }
        else if (html[i] == '\n') { out += ' '; ++i; }
        else out += html[i++];
    }
    return out;
}

std::string joined(const nlohmann::json& arr) {
    std::string out;
    for (const auto& v : arr) out += (out.empty() ? "" : ", ") + v.get<std::string>();
    return out;
}

// The articles --corresponding added to each selected one.
void print_widened(const nlohmann::json& widened) {
    for (const auto& [article, added] : widened.items())
        if (!added.empty())
            std::cout << "Including corresponding articles: " << article << " also matches " << joined(added) << "\n";
}

void print_text(const nlohmann::json& r) {
    const bool tty = ::isatty(1) != 0;
    const auto total = r["total"].get<long>();
    const auto size = r["size"].get<long>();
    const std::string q = r["query"];
    std::cout << total << (total == 1 ? " result" : " results")
              << (q.empty() ? std::string() : " for \"" + q + "\"");
    if (total > size) std::cout << " (page " << r["page"] << " of " << (total + size - 1) / size << ")";
    std::cout << "\n";
    if (!r["suggestion"].is_null()) std::cout << "Did you mean: " << r["suggestion"].get<std::string>() << "\n";
    print_widened(r["widened"]);
    int n = (r["page"].get<int>() - 1) * static_cast<int>(size);
    for (const auto& h : r["hits"]) {
        std::cout << "\n" << ++n << ". " << h["title"].get<std::string>() << "  ["
                  << h["type"].get<std::string>() << "]\n";
        std::cout << "   id: " << h["id"].get<std::string>();
        if (!h["articles"].empty()) std::cout << " | " << joined(h["articles"]);
        if (!h["countries"].empty()) std::cout << " | " << joined(h["countries"]);
        std::cout << " | " << h["date"].get<std::string>() << "\n";
        std::cout << "   " << snippet_for_terminal(h["snippet"], tty) << "\n";
    }
    std::cout << "\n";
    for (const auto& [name, rows] : r["facets"].items()) {
        if (rows.empty()) continue;
        std::cout << name << ":";
        int shown = 0;
        for (const auto& row : rows) {
            if (shown++ == 12) { std::cout << " ..."; break; }
            std::cout << (shown > 1 ? "," : "") << " " << (row["selected"].get<bool>() ? "*" : "")
                      << row["value"].get<std::string>() << " (" << row["count"] << ")";
        }
        std::cout << "\n";
    }
}


// ---- the reference views as text ------------------------------------------------------

// Characters as a terminal counts them (UTF-8 code points), for aligning columns.
std::size_t display_width(const std::string& s) {
    std::size_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

std::string padded_left(const std::string& s, std::size_t width) {
    const std::size_t w = display_width(s);
    return w >= width ? s : std::string(width - w, ' ') + s;
}

std::string padded_right(const std::string& s, std::size_t width) {
    const std::size_t w = display_width(s);
    return w >= width ? s : s + std::string(width - w, ' ');
}

std::string notes_count(long n) { return std::to_string(n) + (n == 1 ? " note" : " notes"); }

// /api/related/{id} as one line per related note.
void print_related(const nlohmann::json& r) {
    const auto& related = r["related"];
    std::cout << "Related to " << r["id"].get<std::string>() << " (" << r["title"].get<std::string>() << "): "
              << notes_count(static_cast<long>(related.size())) << "\n";
    for (const auto& n : related) {
        std::cout << n["id"].get<std::string>() << "  [" << n["type"].get<std::string>() << "]  "
                  << n["title"].get<std::string>();
        std::string shared;
        if (!n["shared_articles"].empty()) shared = "shared articles: " + joined(n["shared_articles"]);
        if (!n["shared_topics"].empty())
            shared += (shared.empty() ? "" : "; ") + std::string("shared topics: ") + joined(n["shared_topics"]);
        if (!shared.empty()) std::cout << "  (" << shared << ")";
        std::cout << "\n";
    }
}

// /api/article/{id}: title, counterparts, then the notes grouped by type with counts.
void print_article(const nlohmann::json& a) {
    const std::string id = a["id"];
    const std::string title = a["title"];
    std::cout << id << (title.empty() ? std::string() : ": " + title) << "\n";
    if (a["counterparts"].empty()) std::cout << "Counterparts: none in the concordance\n";
    for (const auto& c : a["counterparts"]) {
        const std::string ct = c["title"];
        std::cout << "Counterpart: " << c["id"].get<std::string>() << (ct.empty() ? std::string() : ": " + ct) << " ("
                  << notes_count(c["count"].get<long>()) << ")\n";
    }
    const long total = a["total"], widened = a["total_with_counterparts"];
    std::cout << notes_count(total) << " cite " << id;
    if (widened != total) std::cout << " (" << widened << " with its counterparts)";
    std::cout << "\n";
    for (const auto& g : a["groups"]) {
        std::cout << "\n" << g["label"].get<std::string>() << " (" << g["count"].get<long>() << ")\n";
        for (const auto& n : g["notes"])
            std::cout << "  " << n["date"].get<std::string>() << "  " << n["id"].get<std::string>() << "  "
                      << n["title"].get<std::string>() << "\n";
    }
}

// /api/matrix as an aligned table: a row per row value, a column per column value, a
// Total column (notes with that row value) and a Total row (notes with that column value).
void print_matrix(const nlohmann::json& m) {
    const auto& rows = m["rows"]["values"];
    const auto& cols = m["cols"]["values"];
    const long total = m["total"];
    std::cout << notes_count(total);
    const std::string q = m["query"];
    if (!q.empty()) std::cout << " for \"" << q << "\"";
    for (const auto& [name, values] : m["filters"].items()) std::cout << ", " << name << ": " << joined(values);
    std::cout << ", by " << m["rows"]["facet"].get<std::string>() << " (rows) and "
              << m["cols"]["facet"].get<std::string>() << " (columns)\n";
    print_widened(m["widened"]);

    // Cells as text; the first column holds the row values, the last the row totals.
    std::vector<std::vector<std::string>> table;
    const std::string corner = m["rows"]["label"].get<std::string>() + " \\ " + m["cols"]["label"].get<std::string>();
    std::vector<std::string> header{corner};
    for (const auto& c : cols) header.push_back(c["value"]);
    header.emplace_back("Total");
    table.push_back(std::move(header));
    for (std::size_t r = 0; r < rows.size(); ++r) {
        std::vector<std::string> line{rows[r]["value"].get<std::string>()};
        for (const auto& count : m["cells"][r]) line.push_back(std::to_string(count.get<long>()));
        line.push_back(std::to_string(rows[r]["total"].get<long>()));
        table.push_back(std::move(line));
    }
    std::vector<std::string> totals{"Total"};
    for (const auto& c : cols) totals.push_back(std::to_string(c["total"].get<long>()));
    totals.push_back(std::to_string(total));
    table.push_back(std::move(totals));

    std::vector<std::size_t> width(table.front().size(), 0);
    for (const auto& line : table)
        for (std::size_t i = 0; i < line.size(); ++i) width[i] = std::max(width[i], display_width(line[i]));
    for (const auto& line : table) {
        std::string out = padded_right(line[0], width[0]);
        for (std::size_t i = 1; i < line.size(); ++i) out += "  " + padded_left(line[i], width[i]);
        std::cout << out << "\n";
    }
    if (m["overlap"].get<bool>())
        std::cout << "A note with several values counts in each of their cells; every total counts a note once.\n";
}

// "article,region" -> {"article", "region"}; nullopt unless exactly two non-empty names.
std::optional<std::pair<std::string, std::string>> split_axes(const std::string& spec) {
    const auto comma = spec.find(',');
    if (comma == std::string::npos || spec.find(',', comma + 1) != std::string::npos) return std::nullopt;
    std::pair<std::string, std::string> out{spec.substr(0, comma), spec.substr(comma + 1)};
    if (out.first.empty() || out.second.empty()) return std::nullopt;
    return out;
}

std::string facet_names() {
    std::string out;
    for (const auto& f : kb::facets()) out += (out.empty() ? "" : ", ") + std::string(f.name);
    return out;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kb-search: searches the knowledge base.\n"
                 "QUERY syntax: words (all must match), \"a phrase\", OR, NOT, -word, +word, wildc*,\n"
                 "title:word, article:\"UNCAC 46\", region:african, topic:videoconference, type:practice,\n"
                 "country:colombia, year:2013. No QUERY (or \"\") lists every note, newest first.\n"
                 "Instead of a search: --related ID, --article-info ARTICLE, or --matrix ROWS,COLS (with a\n"
                 "QUERY and filters). --json prints the HTTP API's JSON for each. Exit status: 0 done, 1 an\n"
                 "unknown note, article or facet (or an unreadable index), 2 a usage error."};
    std::string db;
    bool json = false;
    bool corresponding = false;
    std::string page = "1", size = std::to_string(kb::DEFAULT_PAGE_SIZE), sort;
    std::string related_id, article_id, matrix_axes;
    std::vector<std::string> words;
    std::vector<std::pair<std::string, std::vector<std::string>>> facet_values;
    for (const auto& f : kb::facets()) facet_values.emplace_back(f.name, std::vector<std::string>{});

    app.add_option("--db", db, "Index directory (as given to kb-index --db)")->required();
    app.add_flag("--json", json, "Print the HTTP API's JSON instead of text");
    size_t i = 0;
    for (const auto& f : kb::facets())
        app.add_option(std::string("--") + f.name, facet_values[i++].second,
                       std::string("Only notes with this ") + f.name + " (repeat to allow several)")
            ->take_last()
            ->allow_extra_args(false)
            ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
    app.add_flag("--corresponding", corresponding,
                 "Include corresponding articles: each --article also matches its counterparts in the other Convention");
    app.add_option("--page", page, "Page of results (from 1)");
    app.add_option("--size", size, "Results per page (1-100)");
    app.add_option("--sort", sort, "relevance or date (default: relevance; date without a query)");
    app.add_option("--related", related_id,
                   "Instead of searching: the notes most like note ID, with the articles and topics they share\n"
                   "(as GET /api/related/ID)")
        ->type_name("ID");
    app.add_option("--article-info", article_id,
                   "Instead of searching: an article (UNCAC-46, \"UNCAC 46\"): its title, counterparts in the\n"
                   "other Convention and notes by type (as GET /api/article/ID)")
        ->type_name("ARTICLE");
    app.add_option("--matrix", matrix_axes,
                   "Instead of listing results: count the notes of the search (QUERY, filters, --corresponding)\n"
                   "by two facets, ROWS,COLS such as article,region (as GET /api/matrix?rows=&cols=)")
        ->type_name("ROWS,COLS");
    app.add_option("query", words, "Search words and operators");
    app.set_version_flag("--version", std::string("kb-search ") + kb::version());
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        // --help and --version are "errors" that exit 0; every other one is a usage error.
        return app.exit(e) == 0 ? 0 : 2;
    }

    auto usage_error = [](const std::string& message) {
        std::cerr << "kb-search: " << message << "\n";
        return 2;
    };
    const bool related = app.count("--related") > 0;
    const bool article = app.count("--article-info") > 0;
    const bool matrix = app.count("--matrix") > 0;
    if (related + article + matrix > 1)
        return usage_error("--related, --article-info and --matrix cannot be combined: choose one");
    if (related || article) {
        // One note or article: a query, filters or paging would be silently ignored.
        const std::string option = related ? "--related" : "--article-info";
        if (!words.empty()) return usage_error(option + " takes no search words (got '" + words.front() + "')");
        for (const char* other : {"--corresponding", "--page", "--size", "--sort"})
            if (app.count(other)) return usage_error(option + " cannot be combined with " + other);
        for (const auto& f : kb::facets())
            if (app.count(std::string("--") + f.name))
                return usage_error(option + " cannot be combined with --" + f.name + " (a search filter)");
    }
    if (matrix)
        for (const char* other : {"--page", "--size", "--sort"})
            if (app.count(other))
                return usage_error(std::string("--matrix counts every matching note: ") + other + " does not apply");

    std::vector<std::pair<std::string, std::string>> params;
    std::string q;
    for (const auto& w : words) q += (q.empty() ? "" : " ") + w;
    params.emplace_back("q", q);
    if (!matrix) {
        params.emplace_back("page", page);
        params.emplace_back("size", size);
        if (!sort.empty()) params.emplace_back("sort", sort);
    }
    if (corresponding) params.emplace_back("corresponding", "1");
    for (const auto& [name, values] : facet_values)
        for (const auto& v : values) params.emplace_back(name, v);

    auto print = [&](const nlohmann::json& body, void (*as_text)(const nlohmann::json&)) {
        if (json) std::cout << kb::json_text(body) << "\n";
        else as_text(body);
    };
    try {
        // Checked before the index is opened: a mistyped option is the likelier mistake.
        std::optional<kb::MatrixRequest> matrix_request;
        if (matrix) {
            const auto axes = split_axes(matrix_axes);
            if (!axes)
                return usage_error("--matrix takes two facets separated by a comma, like article,region (got '" +
                                   matrix_axes + "')");
            for (const std::string& name : {axes->first, axes->second})
                if (!kb::find_facet(name)) {
                    std::cerr << "kb-search: --matrix: no facet '" << name << "' (facets: " << facet_names() << ")\n";
                    return 1;
                }
            if (axes->first == axes->second)
                return usage_error("--matrix takes two different facets (both are '" + axes->first + "')");
            params.emplace_back("rows", axes->first);
            params.emplace_back("cols", axes->second);
            auto parsed = kb::parse_matrix_request(params);
            if (!parsed) return usage_error(parsed.error().message);
            matrix_request = std::move(parsed.value());
        }
        std::optional<kb::SearchRequest> search_request;
        if (!related && !article && !matrix) {
            auto parsed = kb::parse_search_request(params);
            if (!parsed) return usage_error(parsed.error().message);
            search_request = std::move(parsed.value());
        }

        const Xapian::Database database = kb::open_index(db);
        // The same functions as kb-serve's /api/related, /api/article, /api/matrix and /api/search.
        auto result = related   ? kb::related_view(database, related_id)
                      : article ? kb::article_view(database, article_id)
                      : matrix  ? kb::matrix(database, *matrix_request)
                                : kb::search(database, *search_request);
        if (!result) {
            std::cerr << "kb-search: " << result.error().message;
            // Every message names what it did not find, except for an id no note could have.
            if (related && (related_id.empty() || result.error().message.find(related_id) == std::string::npos))
                std::cerr << " ('" << related_id.substr(0, 60) << "')";
            std::cerr << "\n";
            // Not found (an id, an article) is 1; a search the parser refuses, a usage error.
            return result.error().http_status == 400 ? 2 : 1;
        }
        print(result.value(), related ? print_related : article ? print_article : matrix ? print_matrix : print_text);
        return 0;
    } catch (const Xapian::Error& e) {
        std::cerr << "kb-search: " << e.get_msg() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "kb-search: " << e.what() << "\n";
    }
    return 1;
}

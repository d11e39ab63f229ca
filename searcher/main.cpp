// kb-search: searches the knowledge base from a terminal; --json prints the API's JSON.
#include <unistd.h>

#include <iostream>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "index_store.h"
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
    for (const auto& [article, added] : r["widened"].items())
        if (!added.empty()) std::cout << "Including corresponding articles: " << article << " also matches " << joined(added) << "\n";
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

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kb-search: searches the knowledge base.\n"
                 "QUERY syntax: words (all must match), \"a phrase\", OR, NOT, -word, +word, wildc*,\n"
                 "title:word, article:\"UNCAC 46\", region:african, topic:videoconference, type:practice,\n"
                 "country:colombia, year:2013. No QUERY (or \"\") lists every note, newest first."};
    std::string db;
    bool json = false;
    bool corresponding = false;
    std::string page = "1", size = std::to_string(kb::DEFAULT_PAGE_SIZE), sort;
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
    app.add_option("query", words, "Search words and operators");
    app.set_version_flag("--version", std::string("kb-search ") + kb::version());
    CLI11_PARSE(app, argc, argv);

    std::vector<std::pair<std::string, std::string>> params;
    std::string q;
    for (const auto& w : words) q += (q.empty() ? "" : " ") + w;
    params.emplace_back("q", q);
    params.emplace_back("page", page);
    params.emplace_back("size", size);
    if (!sort.empty()) params.emplace_back("sort", sort);
    if (corresponding) params.emplace_back("corresponding", "1");
    for (const auto& [name, values] : facet_values)
        for (const auto& v : values) params.emplace_back(name, v);

    try {
        auto request = kb::parse_search_request(params);
        if (!request) {
            std::cerr << "kb-search: " << request.error().message << "\n";
            return 2;
        }
        const Xapian::Database database = kb::open_index(db);
        auto result = kb::search(database, request.value());
        if (!result) {
            std::cerr << "kb-search: " << result.error().message << "\n";
            return 2;
        }
        if (json) std::cout << result.value().dump() << "\n";
        else print_text(result.value());
        return 0;
    } catch (const Xapian::Error& e) {
        std::cerr << "kb-search: " << e.get_msg() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "kb-search: " << e.what() << "\n";
    }
    return 1;
}

// kb-bench-query: times a fixed mix of queries (single term, two terms, phrase, boolean,
// field prefix; each also with two facet filters) against an index, in process, and prints
// p50/p99. Modes: "bare" (Xapian top 10, no facets: the floor), "spies" (kb::search with
// Xapian's value-count spies), "table" (kb::search with the in-memory FacetTable).
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <iostream>

#include <CLI/CLI.hpp>

#include "facet_table.h"
#include "index_store.h"
#include "query_mix.h"
#include "search.h"
#include "version.h"

namespace {

using kb::bench::query_mix;  // the same 212 requests bench/run gives the peers

double percentile(std::vector<double> v, double p) {
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kb-bench-query: query latency over a fixed mix"};
    std::string db_path, mode = "table";
    int rounds = 1;
    std::size_t slowest = 0;
    app.add_option("--db", db_path, "Index directory")->required();
    app.add_option("--slowest", slowest, "Also list the N slowest requests of the last round (to standard error)");
    app.add_option("--mode", mode, "bare | spies | table")->check(CLI::IsMember({"bare", "spies", "table"}));
    app.add_option("--rounds", rounds, "Times to run the whole mix");
    app.set_version_flag("--version", std::string("kb-bench-query ") + kb::version());
    CLI11_PARSE(app, argc, argv);

    const Xapian::Database db = kb::open_index(db_path);
    const auto t0 = std::chrono::steady_clock::now();
    std::shared_ptr<const kb::FacetTable> table;
    if (mode == "table") table = kb::FacetTable::build(db);
    const double build_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();

    const auto mix = query_mix();
    std::vector<double> times;
    std::vector<std::pair<double, std::string>> last_round;
    for (int r = 0; r < rounds; ++r) {
        last_round.clear();
        for (const auto& params : mix) {
            auto req = kb::parse_search_request(params);
            if (!req) { std::cerr << req.error().message << "\n"; return 1; }
            const auto start = std::chrono::steady_clock::now();
            if (mode == "bare") {
                // The floor: parse and top 10 only, no facets, no snippets.
                Xapian::QueryParser qp;
                qp.set_database(db);
                qp.set_stemmer(Xapian::Stem("english"));
                qp.set_stemming_strategy(Xapian::QueryParser::STEM_SOME);
                qp.set_default_op(Xapian::Query::OP_AND);
                Xapian::Enquire e(db);
                const std::string q = req->q;
                e.set_query(q.empty() ? Xapian::Query(std::string())
                                      : qp.parse_query(q, Xapian::QueryParser::FLAG_PHRASE | Xapian::QueryParser::FLAG_BOOLEAN));
                e.get_mset(static_cast<Xapian::doccount>((req->page - 1) * req->size), static_cast<Xapian::doccount>(req->size));
            } else {
                auto res = kb::search(db, req.value(), table.get());
                if (!res) { std::cerr << res.error().message << "\n"; return 1; }
            }
            times.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count());
            std::string shown;
            for (const auto& [name, value] : params) shown += (shown.empty() ? "" : "&") + name + "=" + value;
            last_round.emplace_back(times.back(), shown);
        }
    }
    std::sort(last_round.rbegin(), last_round.rend());
    for (std::size_t i = 0; i < std::min(slowest, last_round.size()); ++i)
        std::fprintf(stderr, "%8.2f ms  %s\n", last_round[i].first, last_round[i].second.c_str());
    std::printf("%s\tqueries=%zu\tp50_ms=%.2f\tp99_ms=%.2f\ttable_build_ms=%.1f\n", mode.c_str(), times.size(),
                percentile(times, 0.50), percentile(times, 0.99), build_ms);
    return 0;
}

// "Include corresponding articles" (corresponding=1): an article filter widened to its
// counterparts in the concordance, checked against the index's own posting lists.
#include <set>

#include <catch2/catch.hpp>

#include "content_indexer.h"
#include "index_store.h"
#include "schema.h"
#include "search.h"
#include "test_support.h"

using namespace kb::test;

namespace {

// The fixture corpus plus one note tagged only with UNTOC 18 (no fixture note is).
Xapian::Database index_with_untoc_only(const std::filesystem::path& dir) {
    copy_fixture_corpus(dir / "content");
    write_file(dir / "content/notes/k-untoc-only.md",
               note("Spontaneous information under the organized crime convention", "articles: [UNTOC 18]\n",
                    "Information was transmitted without a prior request."));
    kb::IndexOptions opt;
    opt.content_dir = dir / "content";
    opt.db_dir = dir / "db";
    const kb::IndexSummary s = kb::index_content(opt);
    for (const auto& p : s.problems) UNSCOPED_INFO(p.to_string());
    REQUIRE(s.problems.empty());
    return kb::open_index(dir / "db");
}

// The documents holding any of these articles, read straight from the posting lists.
std::set<Xapian::docid> tagged(const Xapian::Database& db, const std::vector<std::string>& articles) {
    std::set<Xapian::docid> out;
    for (const auto& a : articles) {
        const std::string term = kb::facet_term(*kb::find_facet("article"), a);
        for (auto p = db.postlist_begin(term); p != db.postlist_end(term); ++p) out.insert(*p);
    }
    return out;
}

}  // namespace

TEST_CASE("corresponding=1 widens an article filter to its counterparts; the total is the union") {
    TempDir tmp;
    const auto db = index_with_untoc_only(tmp.path());
    const auto only = run(db, {{"article", "UNCAC 46"}, {"size", "100"}});
    const auto widened = run(db, {{"article", "UNCAC 46"}, {"corresponding", "1"}, {"size", "100"}});
    const auto either = tagged(db, {"UNCAC 46", "UNTOC 18"});
    CHECK(only["total"] == tagged(db, {"UNCAC 46"}).size());
    CHECK(widened["total"] == either.size());
    CHECK(widened["total"].get<std::size_t>() == only["total"].get<std::size_t>() + 1);
    // The note tagged only with the counterpart is found, and only when widening.
    const auto found = ids(widened);
    CHECK(std::find(found.begin(), found.end(), "k-untoc-only") != found.end());
    const auto not_found = ids(only);
    CHECK(std::find(not_found.begin(), not_found.end(), "k-untoc-only") == not_found.end());
    // The response says what the filter was widened to.
    CHECK(widened["corresponding"] == true);
    CHECK(widened["widened"] == nlohmann::json({{"UNCAC 46", {"UNTOC 18"}}}));
    CHECK(only["widened"] == nlohmann::json::object());
}

TEST_CASE("widening keeps facet counts disjunctive and exact, with and without other filters") {
    TempDir tmp;
    const auto db = index_with_untoc_only(tmp.path());
    // run() also checks that the FacetTable path gives exactly what Xapian's spies give.
    const auto all = run(db, {});
    const auto widened = run(db, {{"article", "UNCAC 46"}, {"corresponding", "1"}});
    // The article facet ignores its own (widened) selection: the counts of browsing.
    CHECK(widened["facets"]["article"] == [&] {
        auto rows = all["facets"]["article"];
        for (auto& r : rows) r["selected"] = r["value"] == "UNCAC 46";
        return rows;
    }());
    // The other facets count the widened results: type counts add up to the total.
    long types = 0;
    for (const auto& r : widened["facets"]["type"]) types += r["count"].get<long>();
    CHECK(types == widened["total"].get<long>());
    CHECK(facet_count(widened, "article", "UNTOC 18") == 3);  // a, e and k

    // With a region filter as well: the union within the region.
    const auto regional = run(db, {{"article", "UNTOC 18"}, {"corresponding", "1"}, {"region", "African Group"}});
    CHECK(regional["total"] == 1);  // i-delays: UNCAC 46, African Group
    CHECK(run(db, {{"article", "UNTOC 18"}, {"region", "African Group"}})["total"] == 0);
    // Nothing to widen to: the same as without.
    CHECK(run(db, {{"article", "UNCAC 40"}, {"corresponding", "1"}})["total"] ==
          run(db, {{"article", "UNCAC 40"}})["total"]);
}

TEST_CASE("'corresponding' takes 1 or 0 and is named when it is anything else") {
    auto yes = kb::parse_search_request({{"corresponding", "1"}});
    REQUIRE(yes.ok());
    CHECK(yes->corresponding);
    auto no = kb::parse_search_request({{"corresponding", "0"}});
    REQUIRE(no.ok());
    CHECK_FALSE(no->corresponding);
    auto bad = kb::parse_search_request({{"corresponding", "yes"}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().http_status == 400);
    CHECK(bad.error().message.find("'corresponding'") != std::string::npos);
}

TEST_CASE("article facet values carry their concordance titles") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {});
    for (const auto& row : r["facets"]["article"]) {
        INFO(row.dump());
        REQUIRE(row.contains("title"));
        if (row["value"] == "UNCAC 46") CHECK(row["title"] == "Mutual legal assistance");
    }
    for (const auto& row : r["facets"]["region"]) CHECK_FALSE(row.contains("title"));
}

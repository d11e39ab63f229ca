// Facet counts, checked by hand against tests/fixtures/corpus (nine notes).
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace kb::test;

TEST_CASE("facet counts over the whole corpus match the fixture") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {});
    CHECK(facet_count(r, "type", "practice") == 3);
    CHECK(facet_count(r, "type", "finding") == 3);
    CHECK(facet_count(r, "type", "handbook") == 2);
    CHECK(facet_count(r, "type", "tool") == 1);
    CHECK(facet_count(r, "region", "Latin American and Caribbean Group") == 2);
    CHECK(facet_count(r, "region", "African Group") == 2);
    CHECK(facet_count(r, "region", "Asia-Pacific Group") == 1);
    CHECK(facet_count(r, "article", "UNCAC 46") == 5);
    CHECK(facet_count(r, "article", "UNCAC 44") == 3);
    CHECK(facet_count(r, "article", "UNTOC 18") == 2);
    CHECK(facet_count(r, "year", "2013") == 6);
    CHECK(facet_count(r, "year", "2012") == 2);
    CHECK(facet_count(r, "year", "2003") == 1);
    CHECK(facet_count(r, "language", "fr") == 1);
    CHECK(facet_count(r, "country", "Colombia") == 1);
    CHECK(r["facets"]["year"][0]["value"] == "2013");  // years newest first
    CHECK(r["facets"]["article"][0]["value"] == "UNCAC 46");  // others by count
}

TEST_CASE("facet counts follow the text query") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {{"q", "extradition"}});
    CHECK(r["total"] == 3);  // b, d, i
    CHECK(facet_count(r, "type", "finding") == 2);
    CHECK(facet_count(r, "type", "handbook") == 1);
    CHECK(facet_count(r, "type", "practice") == -1);
}

TEST_CASE("repeating a facet ORs its values") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {{"region", "Latin American and Caribbean Group"}, {"region", "African Group"}});
    CHECK(r["total"] == 3);  // a, g, i
}

TEST_CASE("facet counts are disjunctive across two selected facets") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {{"region", "Latin American and Caribbean Group"}, {"type", "finding"}});
    CHECK(ids(r) == std::vector<std::string>{"i-delays"});
    // Region counts ignore the region selection but respect type=finding: b, f, i.
    CHECK(facet_count(r, "region", "Asia-Pacific Group") == 1);
    CHECK(facet_count(r, "region", "Eastern European Group") == 1);
    CHECK(facet_count(r, "region", "Latin American and Caribbean Group") == 1);
    CHECK(facet_count(r, "region", "African Group") == 1);
    // Type counts ignore type=finding but respect the region: a (practice), i (finding).
    CHECK(facet_count(r, "type", "practice") == 1);
    CHECK(facet_count(r, "type", "finding") == 1);
    CHECK(facet_count(r, "type", "tool") == -1);
    // Facets without a selection count the results themselves.
    CHECK(facet_count(r, "article", "UNCAC 46") == 1);
    CHECK(facet_count(r, "article", "UNCAC 44") == 1);
    CHECK(facet_count(r, "article", "UNTOC 18") == -1);
}

TEST_CASE("a selected value is listed and marked even when nothing matches it") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {{"q", "settlements"}, {"country", "Atlantis"}});
    CHECK(r["total"] == 0);
    bool listed = false;
    for (const auto& row : r["facets"]["country"])
        if (row["value"] == "Atlantis") {
            listed = true;
            CHECK(row["count"] == 0);
            CHECK(row["selected"] == true);
        }
    CHECK(listed);
    CHECK(facet_count(r, "country", "United Republic of Tanzania") == 1);
}

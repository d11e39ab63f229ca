// The coverage matrix: every cell and total equals the total of the search with those
// values as filters, and the FacetTable path counts exactly what the value slots say.
#include <catch2/catch.hpp>

#include "facet_table.h"
#include "matrix.h"
#include "test_support.h"

using namespace kb::test;
using nlohmann::json;

namespace {

json matrix_of(const Xapian::Database& db, const std::vector<std::pair<std::string, std::string>>& params) {
    auto req = kb::parse_matrix_request(params);
    if (!req) FAIL("bad matrix request: " << req.error().message);
    auto slow = kb::matrix(db, req.value());
    if (!slow) FAIL("matrix failed: " << slow.error().message);
    // The per-document facet ids of the table must count exactly what the slots hold.
    if (const auto table = kb::FacetTable::build(db)) {
        auto fast = kb::matrix(db, req.value(), table.get());
        REQUIRE(fast.ok());
        CHECK(fast.value() == slow.value());
    }
    return slow.value();
}

using Params = std::vector<std::pair<std::string, std::string>>;

// The search parameters with `facet` set to `value` alone (an article set alone is that
// article, not widened: as the matrix page links it).
Params with_only(Params params, const std::string& facet, const std::string& value) {
    params.erase(std::remove_if(params.begin(), params.end(),
                                [&](const auto& p) {
                                    return p.first == facet || (facet == "article" && p.first == "corresponding");
                                }),
                 params.end());
    params.emplace_back(facet, value);
    return params;
}

// Every cell and every total of `m` against separate searches.
void check_against_searches(const Xapian::Database& db, const json& m, const Params& search) {
    const std::string rows = m["rows"]["facet"], cols = m["cols"]["facet"];
    CHECK(m["total"] == run(db, search)["total"]);
    for (std::size_t i = 0; i < m["rows"]["values"].size(); ++i) {
        const std::string r = m["rows"]["values"][i]["value"];
        const Params row = with_only(search, rows, r);
        CHECK(m["rows"]["values"][i]["total"] == run(db, row)["total"]);
        for (std::size_t j = 0; j < m["cols"]["values"].size(); ++j) {
            const std::string c = m["cols"]["values"][j]["value"];
            INFO(r << " x " << c);
            CHECK(m["cells"][i][j] == run(db, with_only(row, cols, c))["total"]);
        }
    }
    for (std::size_t j = 0; j < m["cols"]["values"].size(); ++j)
        CHECK(m["cols"]["values"][j]["total"] == run(db, with_only(search, cols, m["cols"]["values"][j]["value"]))["total"]);
}

}  // namespace

TEST_CASE("matrix counts by hand: article x region over the fixture") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const json m = matrix_of(db, {{"rows", "article"}, {"cols", "region"}});
    CHECK(m["total"] == 9);
    CHECK(m["overlap"] == true);
    // Articles in the Conventions' order, with titles.
    REQUIRE(m["rows"]["values"].size() == 6);
    CHECK(m["rows"]["values"][0] == json({{"value", "UNCAC 44"}, {"total", 3}, {"title", "Extradition"}}));
    CHECK(m["rows"]["values"][1]["value"] == "UNCAC 46");
    CHECK(m["rows"]["values"][1]["total"] == 5);  // c, e and h have no region: in no cell, in the total
    CHECK(m["rows"]["values"][5]["value"] == "UNTOC 18");
    // UNCAC 46 x African Group: i only.
    std::size_t african = 0;
    for (; african < m["cols"]["values"].size(); ++african)
        if (m["cols"]["values"][african]["value"] == "African Group") break;
    REQUIRE(african < m["cols"]["values"].size());
    CHECK(m["cells"][1][african] == 1);
    CHECK(m["cols"]["values"][african]["total"] == 2);  // g and i
}

TEST_CASE("every matrix cell and total equals the total of the search it links to") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    for (const Params& search : std::vector<Params>{
             {},
             {{"q", "assistance"}},
             {{"type", "finding"}},
             {{"region", "African Group"}, {"region", "Asia-Pacific Group"}},
             {{"article", "UNTOC 18"}, {"corresponding", "1"}},
         }) {
        for (const auto& [rows, cols] : std::vector<std::pair<std::string, std::string>>{
                 {"article", "region"}, {"type", "year"}, {"topic", "type"}, {"region", "article"}}) {
            Params params = search;
            params.emplace_back("rows", rows);
            params.emplace_back("cols", cols);
            const json m = matrix_of(db, params);
            INFO(json(params).dump());
            // An axis the search filters on shows only the selected (widened) values, each
            // row or column then the search with that one value instead of the selection.
            check_against_searches(db, m, search);
        }
    }
}

TEST_CASE("the matrix honours q and the filters; a filtered axis shows only its selection") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const json all = matrix_of(db, {{"rows", "type"}, {"cols", "region"}});
    const json some = matrix_of(db, {{"rows", "type"}, {"cols", "region"}, {"q", "extradition"}});
    CHECK(some["total"] == 3);
    CHECK(some["total"] < all["total"]);
    check_against_searches(db, some, {{"q", "extradition"}});
    const json picked = matrix_of(db, {{"rows", "region"}, {"cols", "type"}, {"region", "African Group"}});
    REQUIRE(picked["rows"]["values"].size() == 1);
    CHECK(picked["rows"]["values"][0]["value"] == "African Group");
    CHECK(picked["total"] == 2);
    const json widened = matrix_of(db, {{"rows", "article"}, {"cols", "type"}, {"article", "UNTOC 18"}, {"corresponding", "1"}});
    REQUIRE(widened["rows"]["values"].size() == 2);
    CHECK(widened["rows"]["values"][0]["value"] == "UNCAC 46");  // the Conventions' order
    CHECK(widened["rows"]["values"][1]["value"] == "UNTOC 18");
    CHECK(widened["total"] == 5);
}

TEST_CASE("matrix parameters: rows and cols must be two facets, named in every error") {
    auto error_of = [](const Params& params) {
        auto r = kb::parse_matrix_request(params);
        REQUIRE_FALSE(r.ok());
        CHECK(r.error().http_status == 400);
        return r.error().message;
    };
    CHECK(error_of({{"rows", "colour"}}).find("'rows' must be a facet") != std::string::npos);
    CHECK(error_of({{"rows", "colour"}}).find("'colour'") != std::string::npos);
    CHECK(error_of({{"cols", "nope"}}).find("'cols'") != std::string::npos);
    CHECK(error_of({{"rows", "type"}, {"cols", "type"}}).find("two different facets") != std::string::npos);
    CHECK(error_of({{"page", "2"}}).find("'page'") != std::string::npos);
    CHECK(error_of({{"foo", "1"}}).find("'foo'") != std::string::npos);
    auto defaults = kb::parse_matrix_request({});
    REQUIRE(defaults.ok());
    CHECK(defaults->rows == "article");
    CHECK(defaults->cols == "region");
}

// GET /api/search over real HTTP against the fixture corpus (nine notes, counts by hand in
// tests/search_facets_test.cpp).
#include <set>

#include <catch2/catch.hpp>

#include "index_store.h"
#include "query_string.h"
#include "search.h"
#include "server_fixture.h"

using namespace kb::test;
using nlohmann::json;

namespace {

long count_of(const json& r, const std::string& facet, const std::string& value) {
    for (const auto& row : r["facets"][facet])
        if (row["value"] == value) return row["count"].get<long>();
    return -1;
}

}  // namespace

TEST_CASE("GET /api/search returns exactly the JSON of kb::search") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const Xapian::Database db = kb::open_index(corpus.db());
    for (const std::string target :
         {"/api/search", "/api/search?q=videoconference", "/api/search?q=mutual+legal+assistance&sort=date",
          "/api/search?region=African+Group&region=Asia-Pacific+Group&type=finding",
          "/api/search?q=extradition&article=UNCAC+44&size=1&page=2", "/api/search?q=MLA",
          "/api/search?q=%22legal+assistance%22", "/api/search?q=title:videoconference",
          "/api/search?q=requests&year=2012&country=Colombia"}) {
        INFO(target);
        int status = 0;
        const json got = get_json(*client, target, &status);
        CHECK(status == 200);
        const auto request = kb::parse_search_request(kb::server::parse_query_string(target));
        REQUIRE(request.ok());
        const auto expected = kb::search(db, request.value());
        REQUIRE(expected.ok());
        CHECK(got == expected.value());
    }
}

TEST_CASE("the API's response has the contract's shape") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const json r = get_json(*client, "/api/search?q=videoconference");
    for (const char* key : {"query", "total", "page", "size", "hits", "facets", "suggestion"}) CHECK(r.contains(key));
    CHECK(r["query"] == "videoconference");
    REQUIRE(r["hits"].size() >= 1);
    for (const char* key : {"id", "title", "type", "snippet", "articles", "regions", "countries", "topics", "date"})
        CHECK(r["hits"][0].contains(key));
    for (const char* facet : {"article", "region", "topic", "type", "country", "year"}) {
        REQUIRE(r["facets"].contains(facet));
        for (const auto& row : r["facets"][facet]) {
            CHECK(row.contains("value"));
            CHECK(row.contains("count"));
            CHECK(row.contains("selected"));
        }
    }
}

TEST_CASE("facet counts over HTTP are disjunctive: a facet's own selection does not narrow its counts") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const json all = get_json(*client, "/api/search");
    const json african = get_json(*client, "/api/search?region=African+Group");
    CHECK(african["total"] == 2);
    // The region counts are those of the unfiltered search, so a user can widen the choice.
    CHECK(count_of(african, "region", "Latin American and Caribbean Group") ==
          count_of(all, "region", "Latin American and Caribbean Group"));
    CHECK(count_of(african, "region", "Asia-Pacific Group") == 1);
    CHECK(count_of(african, "region", "African Group") == 2);
    // Every other facet respects the region filter.
    CHECK(count_of(african, "type", "practice") == 1);
    CHECK(count_of(african, "type", "finding") == 1);
    CHECK(count_of(african, "type", "handbook") == -1);
}

TEST_CASE("repeating a facet ORs its values, different facets AND, and a selection is listed at zero") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    CHECK(get_json(*client, "/api/search?region=African+Group&region=Asia-Pacific+Group")["total"] == 3);
    const json both = get_json(*client, "/api/search?region=African+Group&region=Asia-Pacific+Group&type=finding");
    CHECK(both["total"] == 2);
    const json none = get_json(*client, "/api/search?type=tool&region=African+Group");
    CHECK(none["total"] == 0);
    bool listed = false;
    for (const auto& row : none["facets"]["region"])
        if (row["value"] == "African Group") listed = row["selected"] == true;
    CHECK(listed);
}

TEST_CASE("snippets mark the matched words and escape the note's own text") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const json r = get_json(*client, "/api/search?q=escaping");
    REQUIRE(r["hits"].size() == 1);
    const std::string snippet = r["hits"][0]["snippet"];
    CHECK(snippet.find("<mark>") != std::string::npos);
    CHECK(snippet.find("&lt;script&gt;") != std::string::npos);
    CHECK(snippet.find("<script") == std::string::npos);
}

TEST_CASE("a misspelt query gets a 'did you mean' suggestion") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const json r = get_json(*client, "/api/search?q=videoconferense");
    CHECK(r["suggestion"] == "videoconference");
    CHECK(get_json(*client, "/api/search?q=videoconference")["suggestion"].is_null());
}

TEST_CASE("pages of results are disjoint and together hold every match") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    std::set<std::string> seen;
    for (int page = 1; page <= 5; ++page) {
        const json r = get_json(*client, "/api/search?size=2&page=" + std::to_string(page));
        CHECK(r["total"] == 9);
        CHECK(r["page"] == page);
        CHECK(r["hits"].size() == (page < 5 ? 2u : 1u));
        for (const auto& h : r["hits"]) CHECK(seen.insert(h["id"].get<std::string>()).second);
    }
    CHECK(seen.size() == 9);
    CHECK(get_json(*client, "/api/search?size=2&page=6")["hits"].empty());
}

TEST_CASE("an empty query browses everything, newest first") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const json r = get_json(*client, "/api/search?q=&size=100");
    CHECK(r["total"] == 9);
    REQUIRE(r["hits"].size() == 9);
    for (std::size_t i = 1; i < r["hits"].size(); ++i)
        CHECK(r["hits"][i - 1]["date"].get<std::string>() >= r["hits"][i]["date"].get<std::string>());
}

TEST_CASE("a + in the query string is a space, as browsers send forms") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const json r = get_json(*client, "/api/search?q=legal+assistance");
    CHECK(r["query"] == "legal assistance");
    CHECK(r["total"].get<long>() >= 2);
}

TEST_CASE("a stub file listing two shards is served as one index, with the same counts") {
    Corpus whole;
    whole.index();
    // The same nine notes split over two indexes, joined by a Xapian stub file.
    Corpus first, second;
    namespace fs = std::filesystem;
    for (const auto& e : fs::directory_iterator(whole.content() / "notes")) {
        const bool early = e.path().filename().string() < "f";
        fs::remove((early ? second : first).content() / "notes" / e.path().filename());
    }
    first.index();
    second.index();
    TempDir tmp;
    write_file(tmp / "shards.stub", "auto " + kb::current_generation(first.db()).string() + "\nauto " +
                                        kb::current_generation(second.db()).string() + "\n");

    TestServer whole_server(whole.db());
    TestServer sharded_server(tmp / "shards.stub");
    auto a = whole_server.client();
    auto b = sharded_server.client();
    for (const std::string target : {"/api/search", "/api/search?region=African+Group", "/api/search?q=assistance&type=finding"}) {
        INFO(target);
        const json one = get_json(*a, target), two = get_json(*b, target);
        CHECK(one["total"] == two["total"]);
        CHECK(one["facets"] == two["facets"]);
    }
    CHECK(get_json(*b, "/healthz")["documents"] == 9);
    CHECK(get_json(*b, "/api/doc/i-delays")["title"] == "Slow procedures delay requests");
}

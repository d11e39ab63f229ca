// Query strings as browsers send them, and the links the pages build from a request.
#include <catch2/catch.hpp>

#include "query_string.h"

using kb::server::encode_component;
using kb::server::parse_query_string;
using kb::server::Params;
using kb::server::search_url;

TEST_CASE("a query string is split into decoded parameters in order, with + as a space") {
    const Params p = parse_query_string("/search?q=mutual+legal%20assistance&region=African+Group&region=Asia-Pacific+Group");
    REQUIRE(p.size() == 3);
    CHECK(p[0] == std::make_pair(std::string("q"), std::string("mutual legal assistance")));
    CHECK(p[1].second == "African Group");
    CHECK(p[2].second == "Asia-Pacific Group");
}

TEST_CASE("empty pairs are skipped and a name without '=' has an empty value") {
    const Params p = parse_query_string("/api/search?&&q&page=2&");
    REQUIRE(p.size() == 2);
    CHECK(p[0].first == "q");
    CHECK(p[0].second.empty());
    CHECK(p[1].second == "2");
    CHECK(parse_query_string("/api/search").empty());
    CHECK(parse_query_string("/api/search?").empty());
}

TEST_CASE("malformed percent escapes are kept as written, and bytes are decoded as they are") {
    const Params p = parse_query_string("/x?q=%zz%4&r=%FF%fe&s=100%25");
    REQUIRE(p.size() == 3);
    CHECK(p[0].second == "%zz%4");
    CHECK(p[1].second == "\xff\xfe");
    CHECK(p[2].second == "100%");
}

TEST_CASE("encoding a component escapes everything but unreserved characters") {
    CHECK(encode_component("UNCAC 46") == "UNCAC+46");
    CHECK(encode_component("Côte d'Ivoire & <x>") == "C%C3%B4te+d%27Ivoire+%26+%3Cx%3E");
    CHECK(encode_component("a-b_c.d~e") == "a-b_c.d~e");
    CHECK(kb::server::encode_path_segment("a b/c") == "a%20b%2Fc");
}

TEST_CASE("a search URL lists the state in one canonical order and leaves defaults out") {
    kb::SearchRequest r;
    CHECK(search_url(r) == "/search");
    r.q = "dual criminality";
    r.filters = {{"type", {"finding"}}, {"article", {"UNCAC 44", "UNTOC 16"}}};
    r.sort = "date";
    r.size = 20;
    r.page = 3;
    CHECK(search_url(r) ==
          "/search?q=dual+criminality&article=UNCAC+44&article=UNTOC+16&type=finding&sort=date&size=20&page=3");
}

TEST_CASE("adding or removing a filter goes back to the first page, and parsing the URL gives the request back") {
    kb::SearchRequest r;
    r.q = "extradition";
    r.page = 4;
    const auto added = kb::server::with_filter(r, "region", "African Group");
    CHECK(added.page == 1);
    CHECK(search_url(added) == "/search?q=extradition&region=African+Group");
    const auto again = kb::server::with_filter(added, "region", "African Group");
    CHECK(search_url(again) == search_url(added));
    const auto removed = kb::server::without_filter(added, "region", "African Group");
    CHECK(removed.filters.empty());
    CHECK(search_url(removed) == "/search?q=extradition");

    const auto parsed = kb::parse_search_request(parse_query_string(search_url(added)));
    REQUIRE(parsed.ok());
    CHECK(parsed->q == "extradition");
    CHECK(parsed->filters == added.filters);
}

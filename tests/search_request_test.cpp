// Validation of search parameters: every bad value is a 400 naming the parameter.
#include <catch2/catch.hpp>

#include "search.h"

using kb::parse_search_request;

namespace {
std::string error_of(const std::vector<std::pair<std::string, std::string>>& params) {
    auto r = parse_search_request(params);
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().http_status == 400);
    return r.error().message;
}
}  // namespace

TEST_CASE("defaults: page 1, ten results, sort chosen by the query") {
    auto r = parse_search_request({});
    REQUIRE(r.ok());
    CHECK(r->page == 1);
    CHECK(r->size == 10);
    CHECK(r->sort.empty());
    CHECK(r->filters.empty());
}

TEST_CASE("facet parameters collect values per facet in order, without duplicates") {
    auto r = parse_search_request({{"region", "African Group"}, {"type", "finding"}, {"region", "Asia-Pacific Group"},
                                   {"region", "African Group"}, {"topic", ""}});
    REQUIRE(r.ok());
    REQUIRE(r->filters.size() == 2);
    CHECK(r->filters[0].first == "region");
    CHECK(r->filters[0].second == std::vector<std::string>{"African Group", "Asia-Pacific Group"});
    CHECK(r->filters[1].first == "type");
}

TEST_CASE("page and size must be whole numbers in range") {
    CHECK(error_of({{"page", "-1"}}).find("'page' must be between 1 and") != std::string::npos);
    CHECK(error_of({{"page", "0"}}).find("'page'") != std::string::npos);
    CHECK(error_of({{"page", "1000000000000"}}).find("'page'") != std::string::npos);
    CHECK(error_of({{"page", "99999999999999999999999"}}).find("'page'") != std::string::npos);
    CHECK(error_of({{"page", "2x"}}).find("whole number") != std::string::npos);
    CHECK(error_of({{"size", "0"}}).find("'size' must be between 1 and 100") != std::string::npos);
    CHECK(error_of({{"size", "1000000000"}}).find("'size'") != std::string::npos);
    CHECK(parse_search_request({{"size", "100"}, {"page", "1000"}}).ok());
}

TEST_CASE("an unknown parameter is named") {
    CHECK(error_of({{"colour", "red"}}).find("unknown parameter 'colour'") != std::string::npos);
}

TEST_CASE("a query over the size limit is refused") {
    CHECK(error_of({{"q", std::string(10241, 'a')}}).find("too long") != std::string::npos);
}

TEST_CASE("invalid UTF-8 in any parameter is refused") {
    CHECK(error_of({{"q", "caf\xe9"}}).find("not valid UTF-8") != std::string::npos);
    CHECK(error_of({{"region", "\xff\xfe"}}).find("'region'") != std::string::npos);
}

TEST_CASE("sort accepts relevance or date only") {
    CHECK(parse_search_request({{"sort", "date"}}).ok());
    CHECK(error_of({{"sort", "random"}}).find("'sort'") != std::string::npos);
}

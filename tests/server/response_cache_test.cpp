// The search API's response cache: bounded, least recently used out, and never stale: an
// answer cached before an in-place update or a new generation is not served after it.
#include <catch2/catch.hpp>

#include "response_cache.h"
#include "server_fixture.h"

using namespace kb::test;
using kb::server::ResponseCache;

TEST_CASE("the response cache keeps the most recently used answers within its byte limit") {
    ResponseCache cache(64 * 1024);
    const std::string body(1000, 'x');
    for (int i = 0; i < 200; ++i) cache.put("k" + std::to_string(i), body);
    CHECK(cache.bytes() <= 64 * 1024);
    CHECK(cache.entries() > 30);
    CHECK(cache.entries() < 200);
    CHECK(cache.get("k0") == nullptr);  // the oldest went first
    REQUIRE(cache.get("k199") != nullptr);
    CHECK(*cache.get("k199") == body);

    // Using an entry keeps it: k150 survives another round of insertions, k151 does not.
    for (int i = 0; i < 50; ++i) {
        REQUIRE(cache.get("k150") != nullptr);
        cache.put("n" + std::to_string(i), body);
    }
    CHECK(cache.get("k150") != nullptr);
    CHECK(cache.get("k151") == nullptr);

    // One body too large for its share is not kept; replacing a key does not grow the total.
    cache.put("huge", std::string(16 * 1024, 'y'));
    CHECK(cache.get("huge") == nullptr);
    const std::size_t before = cache.bytes();
    cache.put("k199", body);
    CHECK(cache.bytes() == before);

    ResponseCache off(0);
    off.put("a", "b");
    CHECK(off.get("a") == nullptr);
}

TEST_CASE("a cached search answer is identical, and never served once the index has changed") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string path = "/api/search?q=extradition&size=50";

    auto first = client->Get(path.c_str());
    REQUIRE(first);
    REQUIRE(first->status == 200);
    CHECK(first->get_header_value("X-KB-Cache") == "miss");
    auto second = client->Get(path.c_str());
    REQUIRE(second);
    CHECK(second->get_header_value("X-KB-Cache") == "hit");
    CHECK(second->body == first->body);
    CHECK(second->get_header_value("Content-Type") == first->get_header_value("Content-Type"));
    // Another query, or the same with other parameters, is its own entry.
    auto other = client->Get("/api/search?q=extradition&size=49");
    REQUIRE(other);
    CHECK(other->get_header_value("X-KB-Cache") == "miss");

    const long total = nlohmann::json::parse(first->body)["total"].get<long>();
    corpus.write_note("practices/zz-cache-fresh.md",
                      note("Extradition note added after caching", "articles: [UNCAC 44]\n",
                           "An extradition request made after the answer was cached."));
    corpus.index();  // in place: same database, new revision
    auto after = client->Get(path.c_str());
    REQUIRE(after);
    CHECK(after->get_header_value("X-KB-Cache") == "miss");
    CHECK(nlohmann::json::parse(after->body)["total"].get<long>() == total + 1);

    corpus.index(true);  // a new generation: a new database
    auto rebuilt = client->Get(path.c_str());
    REQUIRE(rebuilt);
    CHECK(rebuilt->get_header_value("X-KB-Cache") == "miss");
    CHECK(nlohmann::json::parse(rebuilt->body)["total"].get<long>() == total + 1);

    // Errors are answered, not cached.
    auto bad = client->Get("/api/search?q=%22unclosed&size=0");
    REQUIRE(bad);
    CHECK(bad->status == 400);
    CHECK(bad->get_header_value("X-KB-Cache").empty());
    CHECK(server.cache().hits() >= 1);
}

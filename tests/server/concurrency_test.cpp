// Many clients at once, on the requests most likely to share state between worker threads
// (browsing with an empty query, stop-word queries, facet counting), must all succeed.
#include <atomic>

#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace kb::test;

TEST_CASE("concurrent browsing, searching and reading all succeed") {
    Corpus corpus(Corpus::Source::bundled);
    corpus.index();
    TestServer server(corpus.db(), 8);
    const std::vector<std::string> paths = {
        "/api/search?size=1",          "/api/search?q=the&size=1", "/api/search?region=African+Group&size=1",
        "/api/search?q=extradition",  "/api/doc/tool-checklist-videoconference-hearing",
        "/search?type=finding&year=2013",
    };
    std::atomic<long> failures{0}, requests{0};
    std::vector<std::thread> clients;
    for (int c = 0; c < 6; ++c) {
        clients.emplace_back([&, c] {
            auto client = server.client();
            for (int i = 0; i < 400; ++i) {
                auto res = client->Get(paths[static_cast<std::size_t>(c + i) % paths.size()].c_str());
                ++requests;
                if (!res || res->status != 200) ++failures;
            }
        });
    }
    for (auto& t : clients) t.join();
    CHECK(requests == 2400);
    CHECK(failures == 0);
}

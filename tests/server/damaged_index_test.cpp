// A damaged index (a table file overwritten, as by a failing disk or a stray copy): the
// server says so (health 503, an error page, a JSON error) without crashing, kb-index
// refuses to build on it in place and names the way out, and --full rebuilds from the
// content, after which the same running server answers again.
#include <fstream>

#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace kb::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
void overwrite_with_garbage(const fs::path& file) {
    const auto size = fs::file_size(file);
    std::fstream f(file, std::ios::in | std::ios::out | std::ios::binary);
    REQUIRE(f);
    const std::string garbage(static_cast<std::size_t>(size), '\xab');
    f.write(garbage.data(), static_cast<std::streamsize>(garbage.size()));
}
}  // namespace

TEST_CASE("a damaged index file is reported as 503 and the server recovers after kb-index --full") {
    Corpus corpus;
    corpus.index();
    const fs::path gen = fs::canonical(corpus.db() / "current");
    overwrite_with_garbage(gen / "postlist.glass");

    TestServer server(corpus.db(), 2);
    auto client = server.client();
    int status = 0;
    const json health = get_json(*client, "/healthz", &status);
    CHECK(status == 503);
    CHECK(health["status"] == "unavailable");
    const json search = get_json(*client, "/api/search?q=bank", &status);
    CHECK(status == 503);
    CHECK(search["error"].get<std::string>().find("cannot be read") != std::string::npos);
    auto page = client->Get("/search?q=bank");
    REQUIRE(page);
    CHECK(page->status == 503);
    CHECK(page->body.find("The knowledge base is not available") != std::string::npos);

    // In place, the damage would be carried on: refused, naming the way out.
    CHECK_THROWS_WITH(corpus.index(), Catch::Contains("is damaged") && Catch::Contains("--full"));
    const auto summary = corpus.index(/*full=*/true);
    CHECK(summary.rebuilt);
    CHECK_FALSE(summary.damaged_index.empty());

    CHECK(get_json(*client, "/healthz", &status)["documents"] == 9);
    CHECK(status == 200);
    CHECK(get_json(*client, "/api/search?q=bank", &status)["total"].get<long>() > 0);
    CHECK(status == 200);
}

TEST_CASE("a truncated index file while serving is a 503, not a crash, until a good index is back") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db(), 2);
    auto client = server.client();
    int status = 0;
    CHECK(get_json(*client, "/api/search?q=extradition", &status)["total"].get<long>() > 0);
    REQUIRE(status == 200);

    // Truncated under the running server, then a different query so nothing is cached.
    const fs::path gen = fs::canonical(corpus.db() / "current");
    fs::resize_file(gen / "docdata.glass", 0);
    fs::resize_file(gen / "postlist.glass", 0);
    for (const char* path : {"/api/search?q=bank", "/healthz", "/api/doc/does-not-matter"}) {
        get_json(*client, path, &status);
        CHECK(status == 503);
    }
    corpus.index(/*full=*/true);
    get_json(*client, "/api/search?q=bank", &status);
    CHECK(status == 200);
    get_json(*client, "/healthz", &status);
    CHECK(status == 200);
}

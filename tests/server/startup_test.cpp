// The kb-serve program itself: start-up checks (a missing or corrupt index is a clear
// message and a non-zero exit), serving on a free port, logging, and a clean stop.
#include <regex>

#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace kb::test;
namespace fs = std::filesystem;

TEST_CASE("kb-serve without an index exits non-zero with a message saying how to build one") {
    TempDir tmp;
    ServeProcess serve({"--db", (tmp / "no-such-index").string(), "--port", "0"});
    CHECK(serve.wait_for_exit() == 1);
    const std::string err = serve.stderr_text();
    CHECK(err.find("no index at " + (tmp / "no-such-index").string()) != std::string::npos);
    CHECK(err.find("kb-index --content") != std::string::npos);
}

TEST_CASE("kb-serve on a corrupt index exits non-zero with a message") {
    TempDir tmp;
    // A generation whose files are not a Xapian database.
    write_file(tmp / "db/gen-1/iamglass", "this is not a database");
    write_file(tmp / "db/gen-1/postlist.glass", std::string(8192, '\x7f'));
    fs::create_directory_symlink("gen-1", tmp / "db/current");
    ServeProcess serve({"--db", (tmp / "db").string(), "--port", "0"});
    CHECK(serve.wait_for_exit() == 1);
    CHECK(serve.stderr_text().find("cannot open the index at " + (tmp / "db").string()) != std::string::npos);

    // An empty directory is not an index either.
    fs::create_directories(tmp / "empty");
    ServeProcess empty({"--db", (tmp / "empty").string(), "--port", "0"});
    CHECK(empty.wait_for_exit() == 1);
    CHECK(empty.stderr_text().find("kb-serve: ") != std::string::npos);
}

TEST_CASE("kb-serve without its web assets exits non-zero with a message") {
    Corpus corpus;
    corpus.index();
    TempDir tmp;
    ServeProcess serve({"--db", corpus.db().string(), "--port", "0", "--web", (tmp / "nowhere").string()});
    CHECK(serve.wait_for_exit() == 1);
    CHECK(serve.stderr_text().find("no web assets in") != std::string::npos);
}

TEST_CASE("kb-serve --version and --help answer and exit 0") {
    std::string out;
    CHECK(run_program({kb_serve_path(), "--version"}, &out) == 0);
    CHECK(std::regex_search(out, std::regex(R"(kb-serve [0-9]+\.[0-9]+\.[0-9]+)")));
    CHECK(run_program({kb_serve_path(), "--help"}, &out) == 0);
    for (const char* option : {"--db", "--host", "--port", "--web", "--threads", "--version"})
        CHECK(out.find(option) != std::string::npos);
    CHECK(out.find("127.0.0.1") != std::string::npos);  // loopback by default
    CHECK(run_program({kb_serve_path()}, &out) != 0);    // --db is required
}

TEST_CASE("kb-serve serves on a free loopback port, logs each request and stops cleanly on SIGTERM") {
    Corpus corpus;
    corpus.index();
    ServeProcess serve({"--db", corpus.db().string(), "--port", "0"});
    REQUIRE(serve.wait_until_serving());
    CHECK(serve.stderr_text().find("serving 9 notes from " + corpus.db().string() + " at http://127.0.0.1:") !=
          std::string::npos);
    auto client = serve.client();
    int status = 0;
    CHECK(get_json(*client, "/healthz", &status)["documents"] == 9);
    CHECK(status == 200);
    auto page = client->Get("/search?q=bank&region=Western+European+and+Other+States+Group");
    REQUIRE(page);
    CHECK(page->status == 200);
    REQUIRE(client->Get("/api/doc/nope"));
    client->stop();

    serve.terminate();
    CHECK(serve.wait_for_exit() == 0);
    const std::string err = serve.stderr_text();
    CHECK(std::regex_search(err, std::regex(R"(GET /healthz 200 [0-9.]+ms)")));
    CHECK(std::regex_search(err, std::regex(R"(GET /search 200 [0-9.]+ms)")));
    CHECK(std::regex_search(err, std::regex(R"(GET /api/doc/nope 404 [0-9.]+ms)")));
    CHECK(err.find("kb-serve: stopped") != std::string::npos);
}

TEST_CASE("kb-serve reports a port it cannot listen on") {
    Corpus corpus;
    corpus.index();
    ServeProcess first({"--db", corpus.db().string(), "--port", "0"});
    REQUIRE(first.wait_until_serving());
    ServeProcess second({"--db", corpus.db().string(), "--port", std::to_string(first.port())});
    CHECK(second.wait_for_exit() == 1);
    CHECK(second.stderr_text().find("cannot listen on 127.0.0.1 port " + std::to_string(first.port())) !=
          std::string::npos);
}

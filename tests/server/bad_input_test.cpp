// Bad input of every kind gets a clear 4xx (JSON from the API, a page from the UI): never
// a 5xx, never a crash. Each case also checks that the server still answers afterwards.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace kb::test;
using nlohmann::json;

namespace {

// A 4xx whose JSON body says what was wrong.
void check_json_error(httplib::Client& client, const std::string& path, int expected, const std::string& mentions = "") {
    INFO("GET " << path.substr(0, 120));
    auto res = client.Get(path.c_str());
    REQUIRE(res);
    INFO("body: " << res->body.substr(0, 300));
    CHECK(res->status == expected);
    CHECK(res->get_header_value("Content-Type") == "application/json; charset=utf-8");
    const json j = json::parse(res->body, nullptr, false);
    REQUIRE(j.is_object());
    REQUIRE(j.contains("error"));
    CHECK_FALSE(j["error"].get<std::string>().empty());
    if (!mentions.empty()) CHECK(j["error"].get<std::string>().find(mentions) != std::string::npos);
}

void check_still_serving(httplib::Client& client) {
    auto res = client.Get("/healthz");
    REQUIRE(res);
    CHECK(res->status == 200);
}

// Sends raw bytes and returns the status line of the answer.
std::string raw_request(int port, const std::string& bytes) {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    REQUIRE(fd >= 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<uint16_t>(port));
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    REQUIRE(::connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
    REQUIRE(::send(fd, bytes.data(), bytes.size(), 0) == static_cast<ssize_t>(bytes.size()));
    std::string answer;
    char buf[4096];
    ssize_t n;
    while ((n = ::recv(fd, buf, sizeof buf, 0)) > 0) answer.append(buf, static_cast<std::size_t>(n));
    ::close(fd);
    return answer.substr(0, answer.find("\r\n"));
}

}  // namespace

TEST_CASE("a query over 10 kB is refused with a 4xx and a JSON error") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    check_json_error(*client, "/api/search?q=" + std::string(10 * 1024 + 1, 'a'), 414, "too long");
    // Below the URL limit, the search's own limit on q answers.
    check_json_error(*client, "/api/search?q=" + std::string(4000, 'a'), 400, "'q' is too long");
    auto page = client->Get(("/search?q=" + std::string(4000, 'a')).c_str());
    REQUIRE(page);
    CHECK(page->status == 400);
    CHECK(page->body.find("&apos;q&apos; is too long") != std::string::npos);
    check_still_serving(*client);
}

TEST_CASE("invalid UTF-8 in a parameter or an id is refused") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    check_json_error(*client, "/api/search?q=%FF%FE", 400, "UTF-8");
    check_json_error(*client, "/api/search?q=caf%C3%28", 400, "UTF-8");
    check_json_error(*client, "/api/search?region=%C0%AF", 400, "UTF-8");
    check_json_error(*client, "/api/doc/%FF%FE", 404);
    auto page = client->Get("/search?q=%ED%A0%80");  // an encoded surrogate
    REQUIRE(page);
    CHECK(page->status == 400);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    check_still_serving(*client);
}

TEST_CASE("unbalanced quotes and parentheses are searched leniently, and bare operators are a 400") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    // Xapian's parser closes an open phrase or group at the end: the user still gets hits.
    for (const std::string q : {"%22mutual+legal", "(mutual+legal", "mutual)+legal", "((((", "%22%22%22", "title:(%22"}) {
        int status = 0;
        const json r = get_json(*client, "/api/search?q=" + q, &status);
        INFO(q);
        CHECK(status == 200);
        CHECK(r.contains("hits"));
    }
    CHECK(get_json(*client, "/api/search?q=%22mutual+legal")["total"].get<long>() >= 1);
    // A query of nothing but an operator cannot be understood: a 400 that says so.
    check_json_error(*client, "/api/search?q=AND", 400, "cannot understand the query");
    check_json_error(*client, "/api/search?q=OR+NOT", 400, "cannot understand the query");
    auto page = client->Get("/search?q=AND");
    REQUIRE(page);
    CHECK(page->status == 400);
    CHECK(page->body.find("value=\"AND\"") != std::string::npos);  // the query stays in the box
    check_still_serving(*client);
}

TEST_CASE("page and size out of range are refused") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    check_json_error(*client, "/api/search?page=-1", 400, "'page'");
    check_json_error(*client, "/api/search?page=0", 400, "'page'");
    check_json_error(*client, "/api/search?page=1000000000000", 400, "'page'");
    check_json_error(*client, "/api/search?page=99999999999999999999999", 400, "'page'");
    check_json_error(*client, "/api/search?page=two", 400, "'page'");
    check_json_error(*client, "/api/search?size=0", 400, "'size'");
    check_json_error(*client, "/api/search?size=1000000000", 400, "'size'");
    check_json_error(*client, "/api/search?size=1e3", 400, "'size'");
    check_json_error(*client, "/api/search?sort=random", 400, "'sort'");
    auto page = client->Get("/search?page=-1");
    REQUIRE(page);
    CHECK(page->status == 400);
    check_still_serving(*client);
}

TEST_CASE("an unknown parameter or facet name is refused, naming it") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    check_json_error(*client, "/api/search?colour=red", 400, "unknown parameter 'colour'");
    check_json_error(*client, "/api/search?q=x&Region=African+Group", 400, "'Region'");
    check_json_error(*client, "/api/search?=x", 400, "unknown parameter ''");
    std::string many = "/api/search?q=x";
    for (int i = 0; i < 60; ++i) many += "&topic=t" + std::to_string(i);
    check_json_error(*client, many, 400, "too many values");
    check_json_error(*client, "/api/search?region=" + std::string(300, 'x'), 400, "too long");
    check_still_serving(*client);
}

TEST_CASE("an unknown note id is a 404, as JSON from the API and as a page from the UI") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    check_json_error(*client, "/api/doc/no-such-note", 404, "no-such-note");
    check_json_error(*client, "/api/doc/" + std::string(5000, 'x'), 404);
    check_json_error(*client, "/api/nothing", 404);
    auto page = client->Get("/doc/no-such-note");
    REQUIRE(page);
    CHECK(page->status == 404);
    CHECK(page->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(page->body.find("Page not found") != std::string::npos);
    auto nested = client->Get("/doc/a/b");
    REQUIRE(nested);
    CHECK(nested->status == 404);
    check_still_serving(*client);
}

TEST_CASE("no static path, however encoded, leaves the web directory") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    for (const std::string path :
         {"/static/../../etc/passwd", "/static/%2e%2e/%2e%2e/etc/passwd", "/static/%2E%2E%2F%2E%2E%2Fetc%2Fpasswd",
          "/static/..%2f..%2f..%2fetc%2fpasswd", "/static/%252e%252e%252fetc%252fpasswd", "/static/....//....//etc/passwd",
          "/static/..%5c..%5cetc%5cpasswd", "/static/%c0%ae%c0%ae/etc/passwd", "/static/.%2e/.%2e/etc/passwd",
          "/static/..", "/static/.", "/static/", "/static//etc/passwd", "/static/kb.css/../../../etc/passwd",
          "/static/kb.css%00.png", "/static/%2fetc%2fpasswd", "/../../etc/passwd", "/%2e%2e/%2e%2e/etc/passwd"}) {
        INFO(path);
        auto res = client->Get(path.c_str());
        REQUIRE(res);
        CHECK(res->status >= 400);
        CHECK(res->status < 500);
        CHECK(res->body.find("root:") == std::string::npos);
    }
    check_still_serving(*client);
}

TEST_CASE("methods other than GET and HEAD get 405 with an Allow header") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    std::vector<httplib::Result> results;
    results.push_back(client->Post("/api/search", "q=x", "application/x-www-form-urlencoded"));
    results.push_back(client->Put("/", "x", "text/plain"));
    results.push_back(client->Delete("/api/doc/a-videoconference"));
    results.push_back(client->Patch("/search", "x", "text/plain"));
    results.push_back(client->Options("/healthz"));
    for (auto& res : results) {
        REQUIRE(res);
        CHECK(res->status == 405);
        CHECK(res->get_header_value("Allow") == "GET, HEAD");
    }
    auto api = client->Post("/api/search", "x", "text/plain");
    REQUIRE(api);
    CHECK(json::parse(api->body, nullptr, false).contains("error"));
    check_still_serving(*client);
}

TEST_CASE("malformed requests and oversized bodies get a 4xx") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    CHECK(raw_request(server.port(), "BREW /pot HTTP/1.1\r\nHost: x\r\n\r\n").find(" 400 ") != std::string::npos);
    CHECK(raw_request(server.port(), "GET\r\n\r\n").find(" 400 ") != std::string::npos);
    CHECK(raw_request(server.port(), "\x01\x02\x03 garbage\r\n\r\n").find(" 400 ") != std::string::npos);
    auto big = client->Post("/api/search", std::string(1024 * 1024, 'x'), "text/plain");
    REQUIRE(big);
    CHECK(big->status == 413);
    check_still_serving(*client);
}

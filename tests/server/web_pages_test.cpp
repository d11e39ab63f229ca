// The web UI's pages over real HTTP: server-rendered, escaped, linked, with security
// headers on every response and one log line per request.
#include <regex>

#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace kb::test;

namespace {

std::string get_page(httplib::Client& client, const std::string& path, int expected_status = 200) {
    auto res = client.Get(path.c_str());
    INFO("GET " << path);
    REQUIRE(res);
    CHECK(res->status == expected_status);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    return res->body;
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::size_t occurrences(const std::string& haystack, const std::string& needle) {
    std::size_t n = 0;
    for (auto pos = haystack.find(needle); pos != std::string::npos; pos = haystack.find(needle, pos + 1)) ++n;
    return n;
}

// What every page must hold: landmarks, the one local script, no inline script or style.
void check_page_basics(const std::string& html) {
    CHECK(contains(html, "<!doctype html>"));
    CHECK(contains(html, "<header"));
    CHECK(contains(html, "<nav"));
    CHECK(contains(html, "<main id=\"main\""));
    CHECK(contains(html, "<link rel=\"stylesheet\" href=\"/static/kb.css\">"));
    CHECK(occurrences(html, "<script") == 1);
    CHECK(contains(html, "<script src=\"/static/kb.js\" defer></script>"));
    CHECK_FALSE(contains(html, " style="));
    CHECK_FALSE(contains(html, "http://"));
    CHECK_FALSE(contains(html, "https://"));
}

}  // namespace

TEST_CASE("the home page offers a search box and browsing by article, region and topic with counts") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string html = get_page(*client, "/");
    check_page_basics(html);
    CHECK(contains(html, "<label for=\"home-q\">"));
    CHECK(contains(html, "action=\"/search\""));
    // Articles with their titles from the concordance, linked to their pages, and counts
    // linked to the search.
    CHECK(contains(html, "<a href=\"/article/UNCAC-46\"><span class=\"article-id\">UNCAC 46</span> "
                         "<span class=\"article-title\">Mutual legal assistance</span></a> "
                         "<a class=\"count\" href=\"/search?article=UNCAC+46\" aria-label=\"Search the 5 notes on UNCAC 46\">5</a>"));
    CHECK(contains(html, "<a href=\"/search?region=African+Group\">African Group</a> <span class=\"count\">2</span>"));
    CHECK(contains(html, "<a href=\"/search?topic=mutual+legal+assistance\">mutual legal assistance</a> <span class=\"count\">3</span>"));
    CHECK(contains(html, "9 notes"));
}

TEST_CASE("the results page lists hits with snippets, facets with counts and checkboxes, and sort") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string html = get_page(*client, "/search?q=videoconference");
    check_page_basics(html);
    CHECK(contains(html, "1 result for “videoconference”"));
    CHECK(contains(html, "<a href=\"/doc/a-videoconference\">Testimony by videoconference in an MLA case</a>"));
    CHECK(contains(html, "<mark>videoconference</mark>"));
    CHECK(contains(html, "<input id=\"q\" name=\"q\" type=\"search\" value=\"videoconference\""));
    CHECK(contains(html, "<input type=\"checkbox\" form=\"search\" name=\"region\" value=\"Latin American and Caribbean Group\">"));
    CHECK(contains(html, "<select id=\"sort\" name=\"sort\" form=\"search\">"));
    CHECK(contains(html, "<option value=\"relevance\" selected>Relevance</option>"));
    // Hit metadata link to a search narrowed by that value.
    CHECK(contains(html, "<a href=\"/search?q=videoconference&amp;country=Colombia\""));
    CHECK(contains(html, "<span class=\"type-badge type-practice\">Practice</span>"));
}

TEST_CASE("selected filters are ticked and shown as chips whose links remove them") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string html = get_page(*client, "/search?region=African+Group&type=finding");
    CHECK(contains(html, "1 note"));
    CHECK(contains(html, "name=\"region\" value=\"African Group\" checked>"));
    CHECK(contains(html, "name=\"type\" value=\"finding\" checked>"));
    CHECK(contains(html, "<a class=\"chip\" href=\"/search?type=finding\" aria-label=\"Remove filter Region: African Group\">"));
    CHECK(contains(html, "<a class=\"chip\" href=\"/search?region=African+Group\" aria-label=\"Remove filter Type: Finding\">"));
    CHECK(contains(html, "<a class=\"clear-filters\" href=\"/search\">"));
}

TEST_CASE("a misspelt word shows the correction's notes, and as typed no results says so, offers the suggestion and dropping filters one by one") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    // A word no note holds: the correction's notes, and the way back to the words as typed.
    const std::string corrected = get_page(*client, "/search?q=videoconferense&type=practice");
    CHECK(contains(corrected, "Showing results for <strong>videoconference</strong>."));
    CHECK(contains(corrected, "Search instead for <a href=\"/search?q=videoconferense&amp;type=practice&amp;spelling=0\">videoconferense</a>"));
    const std::string html = get_page(*client, "/search?q=videoconferense&type=practice&spelling=0");
    CHECK(contains(html, "No results for “videoconferense”"));
    CHECK(contains(html, "Did you mean <a href=\"/search?q=videoconference&amp;type=practice\">videoconference</a>?"));
    CHECK(contains(html, "<a href=\"/search?q=videoconferense&amp;spelling=0\">Remove Type: Practice</a>"));
    // A correction that finds nothing either is not offered.
    CHECK_FALSE(contains(get_page(*client, "/search?q=videoconferense&type=tool"), "Did you mean"));
}

TEST_CASE("the results page paginates with links that keep the whole search state") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string first = get_page(*client, "/search?size=2&sort=date");
    CHECK(contains(first, "9 notes"));
    CHECK(contains(first, "<a href=\"/search?sort=date&amp;size=2&amp;page=2\" rel=\"next\">"));
    CHECK(contains(first, "<a href=\"/search?sort=date&amp;size=2\" aria-current=\"page\">1</a>"));
    CHECK(contains(first, "<input type=\"hidden\" name=\"size\" value=\"2\" form=\"search\">"));
    const std::string last = get_page(*client, "/search?size=2&sort=date&page=5");
    CHECK(contains(last, "rel=\"prev\""));
    CHECK_FALSE(contains(last, "rel=\"next\""));
    CHECK(contains(last, "<ol class=\"hits\" start=\"9\">"));
    const std::string beyond = get_page(*client, "/search?size=2&page=40");
    CHECK(contains(beyond, "There are no results on this page"));
}

TEST_CASE("the document page shows the note, metadata as filter links, the source and related notes") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string html = get_page(*client, "/doc/c-central-authority");
    check_page_basics(html);
    CHECK(contains(html, "<h1>Well-staffed central authorities</h1>"));
    CHECK(contains(html, "<a href=\"/search?article=UNCAC+46\">UNCAC 46</a> <span class=\"article-title\">Mutual legal assistance</span>"));
    CHECK(contains(html, "(counterpart: <a href=\"/search?article=UNTOC+18\" title=\"Mutual legal assistance\">UNTOC 18</a>)"));
    CHECK(contains(html, "<a href=\"/search?article=UNCAC+46&amp;article=UNTOC+18\">Notes on these articles under either Convention</a>"));
    CHECK(contains(html, "<a href=\"/search?region=Western+European+and+Other+States+Group\">"));
    CHECK(contains(html, "<a href=\"/search?country=United+States\">United States</a>"));
    CHECK(contains(html, "<a href=\"/search?topic=bank+secrecy\">bank secrecy</a>"));
    CHECK(contains(html, "<a href=\"/search?year=2013\">2013-11-26</a>"));
    CHECK(contains(html, "<dd>Expert meeting report, Panama City 2013, para. 12</dd>"));
    CHECK(contains(html, "<h2 id=\"related-title\">Related notes</h2>"));
    CHECK(contains(html, "<a href=\"/doc/"));
}

TEST_CASE("a note's hostile title and body come out escaped on every page") {
    Corpus corpus;
    corpus.write_note("notes/x-hostile.md",
                      note("<script>alert(\"title\")</script> Hostile", "",
                           "<script>alert('raw')</script>\n\nEscaping: `<script>alert(1)</script>` "
                           "and <b onmouseover=alert(2)>bold</b>.\n"));
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    for (const std::string path : {"/", "/search?q=escaping", "/search?q=hostile", "/doc/x-hostile",
                                   "/search?q=%3Cscript%3Ealert(9)%3C/script%3E"}) {
        INFO(path);
        const std::string html = get_page(*client, path);
        CHECK(occurrences(html, "<script") == 1);  // only the page's own kb.js
        CHECK_FALSE(contains(html, "onmouseover"));
        CHECK_FALSE(contains(html, "alert(9)</script>"));
    }
    const std::string doc = get_page(*client, "/doc/x-hostile");
    CHECK(contains(doc, "<h1>&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt; Hostile</h1>"));
    CHECK(contains(doc, "<code>&lt;script&gt;alert(1)&lt;/script&gt;</code>"));
    const std::string results = get_page(*client, "/search?q=escaping");
    CHECK(contains(results, "&lt;script&gt;alert(1)&lt;/script&gt;"));
}

TEST_CASE("every response carries the security headers") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    std::vector<httplib::Result> results;
    for (const std::string path : {"/", "/search?q=x", "/doc/a-videoconference", "/doc/nope", "/api/search",
                                   "/api/search?page=0", "/api/doc/a-videoconference", "/api/doc/nope", "/healthz",
                                   "/static/kb.css", "/static/nope.css", "/nothing-here", "/favicon.ico"})
        results.push_back(client->Get(path.c_str()));
    results.push_back(client->Get(("/api/search?q=" + std::string(9000, 'a')).c_str()));
    results.push_back(client->Post("/api/search", "x", "text/plain"));
    for (auto& res : results) {
        REQUIRE(res);
        INFO("status " << res->status << " body " << res->body.substr(0, 100));
        CHECK(res->get_header_value("Content-Security-Policy").rfind("default-src 'self';", 0) == 0);
        CHECK(res->get_header_value("Content-Security-Policy").find("script-src 'self'") != std::string::npos);
        CHECK(res->get_header_value("X-Content-Type-Options") == "nosniff");
        CHECK(res->get_header_value("Referrer-Policy") == "no-referrer");
    }
}

TEST_CASE("static files are served from the web directory with types and validators") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    auto css = client->Get("/static/kb.css");
    REQUIRE(css);
    CHECK(css->status == 200);
    CHECK(css->get_header_value("Content-Type") == "text/css; charset=utf-8");
    CHECK(css->body.find("@media print") != std::string::npos);
    CHECK(css->body.find("http") == std::string::npos);  // no external fonts or images
    const std::string etag = css->get_header_value("ETag");
    CHECK_FALSE(etag.empty());
    auto again = client->Get("/static/kb.css", {{"If-None-Match", etag}});
    REQUIRE(again);
    CHECK(again->status == 304);
    auto js = client->Get("/static/kb.js");
    REQUIRE(js);
    CHECK(js->status == 200);
    CHECK(js->get_header_value("Content-Type") == "text/javascript; charset=utf-8");
    auto icon = client->Get("/static/favicon.svg");
    REQUIRE(icon);
    CHECK(icon->get_header_value("Content-Type") == "image/svg+xml");
}

TEST_CASE("HEAD is answered like GET, without a body") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    for (const std::string path : {"/", "/api/search?q=bank", "/static/kb.css"}) {
        auto res = client->Head(path.c_str());
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK(res->body.empty());
    }
}

TEST_CASE("each request is logged as one line: method, path, status, milliseconds") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    REQUIRE(client->Get("/healthz"));
    REQUIRE(client->Get("/api/doc/nope"));
    REQUIRE(client->Get("/search?q=bank"));
    // The server logs a request just after answering it: give the last line a moment.
    std::string log = server.log();
    for (int i = 0; i < 200 && std::count(log.begin(), log.end(), '\n') < 3; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
        log = server.log();
    }
    CHECK(std::regex_search(log, std::regex(R"(\n?\S+ GET /healthz 200 [0-9]+\.[0-9]ms\n)")));
    CHECK(std::regex_search(log, std::regex(R"(GET /api/doc/nope 404 [0-9]+\.[0-9]ms\n)")));
    CHECK(std::regex_search(log, std::regex(R"(GET /search 200 [0-9]+\.[0-9]ms\n)")));
    CHECK(std::count(log.begin(), log.end(), '\n') == 3);
}

TEST_CASE("/healthz reports the number of notes in the open index") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    int status = 0;
    const auto health = get_json(*client, "/healthz", &status);
    CHECK(status == 200);
    CHECK(health["status"] == "ok");
    CHECK(health["documents"] == 9);
}

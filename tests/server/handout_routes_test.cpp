// The handout routes over real HTTP: /api/handout (order, missing ids, references),
// /handout.md (kb-export's very output), /handout.html (self-contained, a download),
// /handout/print, the handout page without JavaScript, and the limits (400 naming them).
#include <fstream>
#include <iterator>
#include <regex>

#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace kb::test;
using nlohmann::json;

namespace {

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::size_t position(const std::string& text, const std::string& what) {
    const auto p = text.find(what);
    INFO("looking for: " << what);
    REQUIRE(p != std::string::npos);
    return p;
}

httplib::Result get(httplib::Client& client, const std::string& path) {
    auto res = client.Get(path.c_str());
    INFO("GET " << path.substr(0, 200));
    REQUIRE(res);
    return res;
}

// The cover's date line differs only by the date: the server uses today, the CLI --date.
std::string without_date_line(const std::string& md) {
    return std::regex_replace(md, std::regex(R"(_\d{4}-\d{2}-\d{2} · )"), "_DATE · ");
}

std::string kb_export_path() { return std::string(KB_BIN_DIR) + "/exporter/kb-export"; }

}  // namespace

TEST_CASE("GET /api/handout returns the notes in the order asked, the missing ids and the references") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    int status = 0;
    const json h = get_json(*client, "/api/handout?ids=i-delays,nope,a-videoconference,c-central-authority,i-delays,gone&title=MLA+workshop", &status);
    CHECK(status == 200);
    CHECK(h["title"] == "MLA workshop");
    CHECK(std::regex_match(h["date"].get<std::string>(), std::regex(R"(\d{4}-\d{2}-\d{2})")));
    REQUIRE(h["notes"].size() == 3);
    CHECK(h["notes"][0]["id"] == "i-delays");
    CHECK(h["notes"][1]["id"] == "a-videoconference");
    CHECK(h["notes"][2]["id"] == "c-central-authority");
    CHECK(h["notes"][1]["title"] == "Testimony by videoconference in an MLA case");
    CHECK(h["notes"][1]["source"] == "Expert meeting report, Panama City 2013, para. 16");
    CHECK(h["notes"][1]["articles"] == json({"UNCAC 46", "UNTOC 18"}));
    CHECK(h["notes"][1]["reference"] == 2);
    CHECK(h["missing"] == json({"nope", "gone"}));
    REQUIRE(h["references"].size() == 3);
    CHECK(h["references"][0]["source"] == "Background paper, Vienna 2012, para. 4");
    CHECK(h["references"][0]["cited_by"] == json({"i-delays"}));
    CHECK(h["references"][2]["number"] == 3);
}

TEST_CASE("GET /api/handout refuses too many ids, a too long id or title, no ids and unknown parameters") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    std::string many;
    for (int i = 0; i < 101; ++i) many += (i ? "," : "") + std::string("n") + std::to_string(i);
    int status = 0;
    json e = get_json(*client, "/api/handout?ids=" + many, &status);
    CHECK(status == 400);
    CHECK(contains(e["error"], "too many ids in 'ids'"));
    CHECK(contains(e["error"], "at most 100"));

    e = get_json(*client, "/api/handout?ids=a-videoconference," + std::string(201, 'x'), &status);
    CHECK(status == 400);
    CHECK(contains(e["error"], "is too long (201 bytes; at most 200)"));

    e = get_json(*client, "/api/handout?ids=a-videoconference&title=" + std::string(201, 't'), &status);
    CHECK(status == 400);
    CHECK(contains(e["error"], "'title' is too long"));

    e = get_json(*client, "/api/handout", &status);
    CHECK(status == 400);
    CHECK(contains(e["error"], "'ids' is required"));

    e = get_json(*client, "/api/handout?ids=a-videoconference&q=x", &status);
    CHECK(status == 400);
    CHECK(contains(e["error"], "unknown parameter 'q'"));

    // The pages and downloads say the same, in HTML.
    for (const std::string path : {"/handout?ids=", "/handout.md?ids=", "/handout.html?ids="}) {
        auto res = get(*client, path + many);
        CHECK(res->status == 400);
        CHECK(contains(res->body, "too many ids in"));
    }
}

TEST_CASE("GET /handout.md is kb-export's Markdown for the same ids and title, as a download") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    auto res = get(*client, "/handout.md?ids=c-central-authority,a-videoconference,gone&title=MLA+workshop");
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/markdown; charset=utf-8");
    CHECK(res->get_header_value("Content-Disposition") == "attachment; filename=\"handout-mla-workshop.md\"");

    const int rc = run_program({kb_export_path(), "--db", corpus.db().string(), "--ids",
                                "c-central-authority,a-videoconference,gone", "--title", "MLA workshop",
                                "--date", "2026-01-02", "--format", "md", "-o", (corpus.root() / "cli.md").string()});
    CHECK(rc == 1);  // an id is missing: the CLI says so by its status
    std::ifstream in(corpus.root() / "cli.md", std::ios::binary);
    const std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    REQUIRE_FALSE(expected.empty());
    CHECK(without_date_line(res->body) == without_date_line(expected));
    // And the structure itself: cover, contents, notes in order, references.
    CHECK(res->body.rfind("# MLA workshop\n", 0) == 0);
    CHECK(contains(res->body, "**Not found in the knowledge base:** gone"));
    CHECK(position(res->body, "## Contents") < position(res->body, "## Well-staffed central authorities"));
    CHECK(position(res->body, "## Well-staffed central authorities") <
          position(res->body, "## Testimony by videoconference in an MLA case"));
    CHECK(position(res->body, "## Testimony by videoconference") < position(res->body, "## References"));
}

TEST_CASE("GET /handout.html is the self-contained handout, the same as kb-export's, as a download") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    auto res = get(*client, "/handout.html?ids=i-delays,c-central-authority,a-videoconference&title=Cooperation");
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "text/html; charset=utf-8");
    CHECK(res->get_header_value("Content-Disposition") == "attachment; filename=\"handout-cooperation.html\"");
    const std::string& html = res->body;
    // Nothing to fetch: styles inline, no script, no address of this or another server.
    CHECK(contains(html, "<style>"));
    CHECK_FALSE(contains(html, "<link"));
    CHECK_FALSE(contains(html, "<script"));
    CHECK_FALSE(std::regex_search(html, std::regex(R"((src|href)\s*=\s*["']?\s*(https?:|//|/static))", std::regex::icase)));
    CHECK_FALSE(contains(html, "/static/"));
    // Notes in order, with their sources and the references list; escaped.
    CHECK(position(html, "id=\"note-i-delays\"") < position(html, "id=\"note-c-central-authority\""));
    CHECK(position(html, "id=\"note-c-central-authority\"") < position(html, "id=\"note-a-videoconference\""));
    CHECK(contains(html, "Expert meeting report, Panama City 2013, para. 16 [3]"));
    CHECK(contains(html, "id=\"references\""));
    CHECK(contains(html, "&lt;script&gt;alert(1)&lt;/script&gt;"));
    // The export's own policy: its inline style and nothing else (one policy, not two).
    CHECK(res->get_header_value_count("Content-Security-Policy") == 1);
    CHECK(contains(res->get_header_value("Content-Security-Policy"), "default-src 'none'"));

    REQUIRE(run_program({kb_export_path(), "--db", corpus.db().string(), "--ids",
                         "i-delays,c-central-authority,a-videoconference", "--title", "Cooperation", "--format",
                         "html", "-o", (corpus.root() / "cli.html").string()}) == 0);
    std::ifstream in(corpus.root() / "cli.html", std::ios::binary);
    const std::string expected((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    CHECK(without_date_line(html) == without_date_line(expected));

    // The print view: the same document shown in the browser, not downloaded.
    auto print = get(*client, "/handout/print?ids=i-delays,c-central-authority,a-videoconference&title=Cooperation");
    CHECK(print->status == 200);
    CHECK_FALSE(print->has_header("Content-Disposition"));
    CHECK(print->body == html);
    CHECK(contains(print->body, "@media print"));
    CHECK(contains(print->body, "page-break-before: always"));

    // None of the ids known: nothing to export.
    auto none = get(*client, "/handout.html?ids=gone,nope");
    CHECK(none->status == 404);
    CHECK(contains(none->body, "gone, nope"));
}

TEST_CASE("the handout page lists the notes in order with their metadata and reports unknown ids, without JavaScript") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    auto res = get(*client, "/handout?ids=c-central-authority,removed-note,a-videoconference&title=Workshop+%3Cday+1%3E");
    CHECK(res->status == 200);
    const std::string& html = res->body;
    CHECK(contains(html, "<h1 class=\"handout-heading\">Workshop &lt;day 1&gt;</h1>"));
    CHECK(contains(html, "2 notes"));
    CHECK(position(html, "data-id=\"c-central-authority\"") < position(html, "data-id=\"a-videoconference\""));
    CHECK(contains(html, "<a href=\"/doc/a-videoconference\">Testimony by videoconference in an MLA case</a>"));
    CHECK(contains(html, "Expert meeting report, Panama City 2013, para. 16"));
    // The unknown id is on the page, with a way to remove it.
    CHECK(contains(html, "Not found in the knowledge base"));
    CHECK(contains(html, "<code>removed-note</code>"));
    CHECK(contains(html, "value=\"c-central-authority,a-videoconference\" data-action=\"remove\""));
    // Buttons that work without a script: each submits the reordered list.
    CHECK(contains(html, "value=\"a-videoconference,c-central-authority,removed-note\" data-action=\"down\""));
    CHECK(contains(html, "value=\"a-videoconference,c-central-authority,removed-note\" data-action=\"up\""));
    // Exports carry the same handout.
    CHECK(contains(html, "href=\"/handout.html?ids=c-central-authority,a-videoconference,removed-note&amp;title=Workshop+%3Cday+1%3E\""));
    CHECK(contains(html, "href=\"/handout.md?ids="));
    CHECK(contains(html, "href=\"/handout/print?ids="));
    CHECK(contains(html, "class=\"handout-link\" href=\"/handout\" aria-current=\"page\""));

    auto empty = get(*client, "/handout");
    CHECK(empty->status == 200);
    CHECK(contains(empty->body, "This handout is empty"));
}

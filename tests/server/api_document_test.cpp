// GET /api/doc/{id}: metadata, safe HTML, the concordance's counterparts, related notes.
#include <catch2/catch.hpp>

#include "server_fixture.h"

using namespace kb::test;
using nlohmann::json;

TEST_CASE("GET /api/doc/{id} returns the note's metadata, rendered body, counterparts and related notes") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    int status = 0;
    const json d = get_json(*client, "/api/doc/a-videoconference", &status);
    CHECK(status == 200);
    CHECK(d["id"] == "a-videoconference");
    CHECK(d["title"] == "Testimony by videoconference in an MLA case");
    CHECK(d["type"] == "practice");
    CHECK(d["articles"] == json({"UNCAC 46", "UNTOC 18"}));
    CHECK(d["regions"] == json({"Latin American and Caribbean Group"}));
    CHECK(d["countries"] == json({"Colombia"}));
    CHECK(d["source"] == "Expert meeting report, Panama City 2013, para. 16");
    CHECK(d["date"] == "2013-11-26");
    CHECK(d["html"].get<std::string>().find("<h2>What was done</h2>") != std::string::npos);

    REQUIRE(d["concordance"].size() == 2);
    CHECK(d["concordance"][0]["id"] == "UNCAC 46");
    CHECK(d["concordance"][0]["title"] == "Mutual legal assistance");
    CHECK(d["concordance"][0]["counterparts"] == json::array({{{"id", "UNTOC 18"}, {"title", "Mutual legal assistance"}}}));
    CHECK(d["counterparts"].empty());  // it already cites both sides

    REQUIRE(d["related"].is_array());
    CHECK_FALSE(d["related"].empty());
    CHECK(d["related"].size() <= 5);
    for (const auto& r : d["related"]) {
        CHECK(r["id"] != "a-videoconference");
        CHECK(r.contains("title"));
        CHECK(r.contains("type"));
    }
}

TEST_CASE("a note citing one Convention lists the other Convention's counterparts") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const json d = get_json(*client, "/api/doc/c-central-authority");
    CHECK(d["articles"] == json({"UNCAC 46"}));
    CHECK(d["counterparts"] == json({"UNTOC 18"}));
}

TEST_CASE("related notes are the most similar ones and never the note itself") {
    Corpus corpus;
    corpus.write_note("notes/j-videoconference-two.md",
                      note("Videoconference hearings of witnesses abroad", "articles: [UNCAC 46]\n",
                           "A witness abroad was heard by videoconference; the court heard the testimony "
                           "without a journey, under the procedures of the requested State."));
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    for (const std::string id : {"a-videoconference", "b-philippines", "c-central-authority", "d-dual-criminality",
                                 "e-request-writer", "f-informal", "g-settlements-asset-return", "h-entraide",
                                 "i-delays", "j-videoconference-two"}) {
        INFO(id);
        const json d = get_json(*client, "/api/doc/" + id);
        REQUIRE(d["id"] == id);
        for (const auto& r : d["related"]) CHECK(r["id"] != id);
    }
    const json d = get_json(*client, "/api/doc/a-videoconference");
    REQUIRE_FALSE(d["related"].empty());
    CHECK(d["related"][0]["id"] == "j-videoconference-two");
}

TEST_CASE("a note's raw HTML is dropped and its code is escaped in the rendered body") {
    Corpus corpus;
    corpus.write_note("notes/x-hostile.md",
                      note("Hostile note", "",
                           "<script>alert('raw')</script>\n\nText with `<script>alert(1)</script>` and "
                           "<img src=x onerror=alert(2)> and [a link](javascript:alert(3)).\n"));
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string html = get_json(*client, "/api/doc/x-hostile")["html"];
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("javascript:") == std::string::npos);
    CHECK(html.find("&lt;script&gt;alert(1)&lt;/script&gt;") != std::string::npos);
}

TEST_CASE("an id given in the front matter is the note's address") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    CHECK(get_json(*client, "/api/doc/g-settlements-asset-return")["title"] == "Settlements and swift asset returns");
    int status = 0;
    get_json(*client, "/api/doc/g-settlements", &status);
    CHECK(status == 404);
}

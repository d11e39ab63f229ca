// The reference routes over real HTTP: concordance widening, article pages, related
// notes, the coverage matrix, facet bars, search tips and the OpenSearch description.
#include <regex>
#include <set>

#include <catch2/catch.hpp>

#include "query_string.h"
#include "server_fixture.h"

using namespace kb::test;
using nlohmann::json;

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

std::set<std::string> hit_ids(const json& r) {
    std::set<std::string> out;
    for (const auto& h : r["hits"]) out.insert(h["id"].get<std::string>());
    return out;
}

// The fixture corpus plus a note tagged only with UNTOC 18 (no fixture note is).
void add_untoc_only_note(const Corpus& corpus) {
    corpus.write_note("notes/k-untoc-only.md",
                      note("Spontaneous information under the organized crime convention",
                           "articles: [UNTOC 18]\ntopics: [mutual legal assistance]\n",
                           "Information was transmitted without a prior request."));
}

// Well-formed XML for what an OpenSearch description holds: one root, every tag closed in
// order, attributes quoted, no stray '<' or '&' in text.
std::string xml_problem(const std::string& xml) {
    std::vector<std::string> open;
    std::size_t pos = 0;
    if (xml.rfind("<?xml ", 0) == 0) pos = xml.find("?>") + 2;
    bool rooted = false;
    static const std::regex tag(R"(<(/?)([A-Za-z][A-Za-z0-9:._-]*)((?:\s+[A-Za-z:][A-Za-z0-9:._-]*="[^"<&]*")*)\s*(/?)>)");
    while (pos < xml.size()) {
        const auto lt = xml.find('<', pos);
        const std::string text = xml.substr(pos, lt == std::string::npos ? std::string::npos : lt - pos);
        if (text.find('&') != std::string::npos) return "an unescaped '&' in text";
        if (open.empty() && text.find_first_not_of(" \n\r\t") != std::string::npos) return "text outside the root";
        if (lt == std::string::npos) break;
        std::smatch m;
        const std::string rest = xml.substr(lt);
        if (!std::regex_search(rest, m, tag, std::regex_constants::match_continuous))
            return "a malformed tag at byte " + std::to_string(lt);
        const bool closing = m[1] == "/", empty = m[4] == "/";
        if (closing) {
            if (open.empty() || open.back() != m[2]) return "</" + m[2].str() + "> closes nothing open";
            open.pop_back();
        } else {
            if (open.empty() && rooted) return "a second root element";
            rooted = true;
            if (!empty) open.push_back(m[2]);
        }
        pos = lt + static_cast<std::size_t>(m.length(0));
    }
    if (!open.empty()) return "<" + open.back() + "> is never closed";
    return rooted ? "" : "no root element";
}

}  // namespace

// ---- concordance widening --------------------------------------------------------------

TEST_CASE("corresponding=1 widens an article filter to its counterpart: the union, nothing else") {
    Corpus corpus;
    add_untoc_only_note(corpus);
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const auto uncac = hit_ids(get_json(*client, "/api/search?article=UNCAC+46&size=100"));
    const auto untoc = hit_ids(get_json(*client, "/api/search?article=UNTOC+18&size=100"));
    std::set<std::string> either = uncac;
    either.insert(untoc.begin(), untoc.end());
    const json widened = get_json(*client, "/api/search?article=UNCAC+46&corresponding=1&size=100");
    CHECK(widened["total"] == either.size());
    CHECK(hit_ids(widened) == either);
    CHECK(uncac.count("k-untoc-only") == 0);
    CHECK(hit_ids(widened).count("k-untoc-only") == 1);
    CHECK(widened["corresponding"] == true);
    CHECK(widened["widened"] == json({{"UNCAC 46", {"UNTOC 18"}}}));
    // Facet counts add up: the type counts of the widened results sum to its total.
    long types = 0;
    for (const auto& r : widened["facets"]["type"]) types += r["count"].get<long>();
    CHECK(types == widened["total"].get<long>());
    int status = 0;
    const json bad = get_json(*client, "/api/search?article=UNCAC+46&corresponding=yes", &status);
    CHECK(status == 400);
    CHECK(bad["error"].get<std::string>().find("'corresponding'") != std::string::npos);
}

TEST_CASE("the results page offers 'Include corresponding articles' once an article is selected, and says what it added") {
    Corpus corpus;
    add_untoc_only_note(corpus);
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    CHECK_FALSE(contains(get_page(*client, "/search?q=assistance"), "name=\"corresponding\""));
    const std::string offered = get_page(*client, "/search?article=UNCAC+46");
    CHECK(contains(offered, "<input type=\"checkbox\" form=\"search\" name=\"corresponding\" value=\"1\"> Include corresponding articles"));
    CHECK_FALSE(contains(offered, "also matches"));
    const std::string widened = get_page(*client, "/search?article=UNCAC+46&corresponding=1");
    CHECK(contains(widened, "name=\"corresponding\" value=\"1\" checked> Include corresponding articles"));
    CHECK(contains(widened, "Including corresponding articles: UNCAC 46 also matches UNTOC 18."));
    CHECK(contains(widened, "/doc/k-untoc-only"));
    // Removing the article chip drops the option with it.
    CHECK(contains(widened, "<a class=\"chip\" href=\"/search\" aria-label=\"Remove filter Article: UNCAC 46\">"));
    // Pagination and facet links keep it.
    CHECK(contains(widened, "corresponding=1"));
}

// ---- article titles and inline bars ------------------------------------------------------

TEST_CASE("article facet values show their titles and link to their pages; counts show as bars") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const json r = get_json(*client, "/api/search");
    bool seen = false;
    for (const auto& row : r["facets"]["article"])
        if (row["value"] == "UNCAC 46") seen = row["title"] == "Mutual legal assistance";
    CHECK(seen);
    const std::string html = get_page(*client, "/search");
    CHECK(contains(html, "<span class=\"facet-value\">UNCAC 46 — Mutual legal assistance</span>"));
    CHECK(contains(html, "<a class=\"facet-about\" href=\"/article/UNCAC-46\""));
    // UNCAC 46 (5 notes) is the longest article bar; UNTOC 18 (2 of 5) 40% of it.
    CHECK(contains(html, "<span class=\"count\">5</span><span class=\"facet-bar\" aria-hidden=\"true\"><span class=\"bar-20\"></span></span>"));
    CHECK(contains(html, "<span class=\"count\">2</span><span class=\"facet-bar\" aria-hidden=\"true\"><span class=\"bar-8\"></span></span>"));
}

// ---- article pages -----------------------------------------------------------------------

TEST_CASE("GET /api/article/{id}: title, counterparts, notes grouped by type with counts that add up") {
    Corpus corpus;
    add_untoc_only_note(corpus);
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    for (const std::string path : {"/api/article/UNCAC-46", "/api/article/UNCAC%2046", "/api/article/uncac_46"}) {
        INFO(path);
        int status = 0;
        const json a = get_json(*client, path, &status);
        CHECK(status == 200);
        CHECK(a["id"] == "UNCAC 46");
        CHECK(a["title"] == "Mutual legal assistance");
        CHECK(a["convention"] == "UNCAC");
        CHECK(a["number"] == 46);
        REQUIRE(a["counterparts"].size() == 1);
        CHECK(a["counterparts"][0]["id"] == "UNTOC 18");
        CHECK(a["counterparts"][0]["title"] == "Mutual legal assistance");
        CHECK(a["counterparts"][0]["count"] == 3);
        const json search = get_json(*client, "/api/search?article=UNCAC+46&size=100");
        CHECK(a["total"] == search["total"]);
        CHECK(a["total_with_counterparts"] == get_json(*client, "/api/search?article=UNCAC+46&corresponding=1")["total"]);
        REQUIRE(a["groups"].size() == 4);
        std::vector<std::string> types;
        long sum = 0;
        std::set<std::string> listed;
        for (const auto& g : a["groups"]) {
            types.push_back(g["type"]);
            CHECK(g["count"] == g["notes"].size());
            CHECK(g["count"] == get_json(*client, "/api/search?article=UNCAC+46&type=" + g["type"].get<std::string>())["total"]);
            sum += g["count"].get<long>();
            for (const auto& n : g["notes"]) {
                CHECK(n["type"] == g["type"]);
                listed.insert(n["id"].get<std::string>());
            }
        }
        CHECK(types == std::vector<std::string>{"finding", "practice", "handbook", "tool"});
        CHECK(sum == a["total"].get<long>());
        CHECK(listed == hit_ids(search));
    }
}

TEST_CASE("an unknown article is a 404 naming it, in JSON from the API and as a page otherwise") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    int status = 0;
    json e = get_json(*client, "/api/article/UNCAC-999", &status);
    CHECK(status == 404);
    CHECK(e["error"].get<std::string>().find("UNCAC 999") != std::string::npos);
    e = get_json(*client, "/api/article/not-an-article", &status);
    CHECK(status == 404);
    CHECK(e["error"].get<std::string>().find("'not-an-article' is not an article") != std::string::npos);
    const std::string html = get_page(*client, "/article/UNTOC-999", 404);
    CHECK(contains(html, "no article &apos;UNTOC 999&apos;"));
}

TEST_CASE("the article page lists the title, the counterpart as a link and the notes by type, linked") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string html = get_page(*client, "/article/UNCAC-46");
    CHECK(contains(html, "<h1><span class=\"article-id\">UNCAC 46</span> <span class=\"article-heading-title\">Mutual legal assistance</span></h1>"));
    CHECK(contains(html, "Corresponds to <a href=\"/article/UNTOC-18\">UNTOC 18</a> (Mutual legal assistance), 2 notes."));
    CHECK(contains(html, "5 notes cite this article"));
    CHECK(contains(html, "<a href=\"/search?article=UNCAC+46&amp;corresponding=1\">5 notes under either Convention</a>"));
    CHECK(contains(html, "<h2 id=\"group-finding\"><span class=\"type-badge type-finding\">Findings</span> <span class=\"count\">1</span></h2>"));
    CHECK(contains(html, "<h2 id=\"group-practice\"><span class=\"type-badge type-practice\">Practices</span> <span class=\"count\">2</span></h2>"));
    CHECK(contains(html, "<a href=\"/doc/h-entraide\">"));
    // The note and home pages link their articles here.
    CHECK(contains(get_page(*client, "/doc/c-central-authority"), "<a class=\"article-page\" href=\"/article/UNCAC-46\""));
    CHECK(contains(get_page(*client, "/"), "<a href=\"/article/UNTOC-18\">"));
}

// ---- related notes -----------------------------------------------------------------------

TEST_CASE("GET /api/related/{id}: at most five, never the note itself, sharing an article or topic") {
    Corpus corpus;
    add_untoc_only_note(corpus);
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    for (const std::string id : {"a-videoconference", "b-philippines", "c-central-authority", "d-dual-criminality",
                                 "e-request-writer", "f-informal", "h-entraide", "i-delays", "k-untoc-only"}) {
        INFO(id);
        int status = 0;
        const json r = get_json(*client, "/api/related/" + id, &status);
        CHECK(status == 200);
        CHECK(r["id"] == id);
        CHECK(r["related"].size() <= 5);
        const json doc = get_json(*client, "/api/doc/" + id);
        // The same notes as the note's own page lists.
        REQUIRE(r["related"].size() == doc["related"].size());
        for (std::size_t i = 0; i < r["related"].size(); ++i) CHECK(r["related"][i]["id"] == doc["related"][i]["id"]);
        for (const auto& rel : r["related"]) {
            CHECK(rel["id"] != id);
            // shared_* are exactly what the two notes have in common.
            const json other = get_json(*client, "/api/doc/" + rel["id"].get<std::string>());
            for (const char* facet : {"articles", "topics"}) {
                std::vector<std::string> common;
                for (const auto& v : other[facet])
                    if (std::find(doc[facet].begin(), doc[facet].end(), v) != doc[facet].end()) common.push_back(v);
                CHECK(rel[std::string("shared_") + facet] == json(common));
            }
        }
        // Related notes are on the same provision or matter.
        if (!r["related"].empty())
            CHECK(std::any_of(r["related"].begin(), r["related"].end(), [](const json& rel) {
                return !rel["shared_articles"].empty() || !rel["shared_topics"].empty();
            }));
    }
    int status = 0;
    const json e = get_json(*client, "/api/related/no-such-note", &status);
    CHECK(status == 404);
    CHECK(e["error"].get<std::string>().find("no-such-note") != std::string::npos);
}

TEST_CASE("of two notes worded alike, the one sharing the note's article and topic is related first") {
    Corpus corpus;
    const std::string body = "Freezing orders were recognised across the border within days, and the "
                             "frozen accounts were later confiscated.";
    corpus.write_note("notes/m-freezing-source.md",
                      note("Freezing orders recognised abroad", "articles: [UNCAC 57]\ntopics: [return of assets]\n", body));
    corpus.write_note("notes/n-freezing-same-tags.md",
                      note("Freezing orders recognised abroad again", "articles: [UNCAC 57]\ntopics: [return of assets]\n", body));
    corpus.write_note("notes/o-freezing-other-tags.md",
                      note("Freezing orders recognised abroad again", "articles: [UNCAC 44]\ntopics: [extradition]\n", body));
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const json r = get_json(*client, "/api/related/m-freezing-source");
    REQUIRE(r["related"].size() >= 2);
    CHECK(r["related"][0]["id"] == "n-freezing-same-tags");
    CHECK(r["related"][0]["shared_articles"] == json({"UNCAC 57"}));
    CHECK(r["related"][1]["id"] == "o-freezing-other-tags");
    CHECK(r["related"][1]["shared_articles"].empty());
}

// ---- the coverage matrix -----------------------------------------------------------------

TEST_CASE("GET /api/matrix: cells and totals equal the totals of the searches they link to") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const json m = get_json(*client, "/api/matrix?rows=article&cols=region");
    CHECK(m["total"] == 9);
    CHECK(m["overlap"] == true);
    std::size_t checked = 0;
    for (std::size_t i = 0; i < m["rows"]["values"].size(); ++i) {
        const std::string r = m["rows"]["values"][i]["value"];
        CHECK(m["rows"]["values"][i]["total"] == get_json(*client, "/api/search?article=" + kb::server::encode_component(r))["total"]);
        for (std::size_t j = 0; j < m["cols"]["values"].size(); j += 2) {  // a sample of cells
            const std::string c = m["cols"]["values"][j]["value"];
            INFO(r << " x " << c);
            CHECK(m["cells"][i][j] == get_json(*client, "/api/search?article=" + kb::server::encode_component(r) +
                                                            "&region=" + kb::server::encode_component(c))["total"]);
            ++checked;
        }
    }
    CHECK(checked >= 10);
    for (const auto& c : m["cols"]["values"])
        CHECK(c["total"] == get_json(*client, "/api/search?region=" + kb::server::encode_component(c["value"].get<std::string>()))["total"]);

    // q and the other filters narrow every count.
    const json q = get_json(*client, "/api/matrix?rows=type&cols=year&q=extradition");
    CHECK(q["total"] == get_json(*client, "/api/search?q=extradition")["total"]);
    for (std::size_t i = 0; i < q["rows"]["values"].size(); ++i)
        for (std::size_t j = 0; j < q["cols"]["values"].size(); ++j)
            CHECK(q["cells"][i][j] == get_json(*client, "/api/search?q=extradition&type=" +
                                                            kb::server::encode_component(q["rows"]["values"][i]["value"].get<std::string>()) +
                                                            "&year=" + kb::server::encode_component(q["cols"]["values"][j]["value"].get<std::string>()))["total"]);
    const json f = get_json(*client, "/api/matrix?rows=type&cols=region&topic=mutual+legal+assistance");
    CHECK(f["total"] == 3);
}

TEST_CASE("a bad matrix facet is a 400 naming it") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    int status = 0;
    json e = get_json(*client, "/api/matrix?rows=colour&cols=region", &status);
    CHECK(status == 400);
    CHECK(e["error"].get<std::string>().find("'rows' must be a facet") != std::string::npos);
    CHECK(e["error"].get<std::string>().find("'colour'") != std::string::npos);
    e = get_json(*client, "/api/matrix?rows=region&cols=region", &status);
    CHECK(status == 400);
    const std::string html = get_page(*client, "/matrix?cols=flavour", 400);
    CHECK(contains(html, "&apos;flavour&apos;"));
}

TEST_CASE("the matrix page is a captioned table with header scopes, shaded linked cells, totals and a form") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string html = get_page(*client, "/matrix?rows=article&cols=region");
    CHECK(contains(html, "<caption>Notes by Article (rows) and Region (columns), 9 notes in all. Totals count each note once;"));
    CHECK(contains(html, "<th scope=\"col\">African Group</th>"));
    CHECK(contains(html, "<th scope=\"row\"><a href=\"/article/UNCAC-46\">UNCAC 46</a>"));
    // UNCAC 46 x African Group: one note (i), linked to that search; the row total too.
    CHECK(contains(html, "<a href=\"/search?article=UNCAC+46&amp;region=African+Group\">1</a></td>"));
    CHECK(contains(html, "<td class=\"matrix-total\"><a href=\"/search?article=UNCAC+46\">5</a></td>"));
    CHECK(contains(html, "<td class=\"shade-0\"><span class=\"matrix-zero\">0</span></td>"));
    CHECK(std::regex_search(html, std::regex("<td class=\"shade-[1-5]\"><a href=\"/search\\?article=")));
    CHECK(contains(html, "<td class=\"matrix-total\"><a href=\"/search\">9</a></td>"));
    CHECK(contains(html, "<select id=\"matrix-rows\" name=\"rows\">"));
    CHECK(contains(html, "<option value=\"region\" selected>Region</option>"));
    // A search's filters travel with the form; the results page links its own matrix.
    const std::string narrowed = get_page(*client, "/matrix?q=extradition&type=finding&rows=region&cols=year");
    CHECK(contains(narrowed, "<input type=\"hidden\" name=\"q\" value=\"extradition\">"));
    CHECK(contains(narrowed, "<input type=\"hidden\" name=\"type\" value=\"finding\">"));
    CHECK(contains(get_page(*client, "/search?q=extradition&type=finding"),
                   "<a href=\"/matrix?q=extradition&amp;type=finding&amp;rows=article&amp;cols=region\">"));
    CHECK(contains(get_page(*client, "/"), "<a href=\"/matrix?rows=article&amp;cols=region\">"));
}

// ---- search tips and OpenSearch ----------------------------------------------------------

TEST_CASE("every example of the search tips finds notes in the bundled content") {
    Corpus corpus(Corpus::Source::bundled);
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    for (const std::string page : {"/", "/search?q=extradition"}) {
        const std::string html = get_page(*client, page);
        const auto start = html.find("<details class=\"syntax-help\">");
        REQUIRE(start != std::string::npos);
        const std::string help = html.substr(start, html.find("</details>", start) - start);
        static const std::regex link("<a href=\"/search\\?([^\"]+)\">");
        std::size_t examples = 0;
        for (auto it = std::sregex_iterator(help.begin(), help.end(), link); it != std::sregex_iterator(); ++it) {
            const std::string query = (*it)[1];
            INFO(query);
            int status = 0;
            const json r = get_json(*client, "/api/search?" + query, &status);
            CHECK(status == 200);
            CHECK(r["total"].get<long>() > 0);
            ++examples;
        }
        CHECK(examples >= 6);
    }
    // NOT really excludes, OR really widens.
    const long extradition = get_json(*client, "/api/search?q=extradition")["total"];
    CHECK(get_json(*client, "/api/search?q=extradition+NOT+nationals")["total"].get<long>() < extradition);
    CHECK(get_json(*client, "/api/search?q=videoconference+OR+forfeiture")["total"].get<long>() >
          get_json(*client, "/api/search?q=forfeiture")["total"].get<long>());
}

TEST_CASE("/opensearch.xml is a well-formed OpenSearch description, linked from every page") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    auto res = client->Get("/opensearch.xml");
    REQUIRE(res);
    CHECK(res->status == 200);
    CHECK(res->get_header_value("Content-Type") == "application/opensearchdescription+xml; charset=utf-8");
    const std::string xml = res->body;
    CHECK(xml_problem(xml) == "");
    CHECK(contains(xml, "<OpenSearchDescription xmlns=\"http://a9.com/-/spec/opensearch/1.1/\">"));
    CHECK(contains(xml, "<ShortName>Cooperation KB</ShortName>"));
    const std::string base = "http://127.0.0.1:" + std::to_string(server.port());
    CHECK(contains(xml, "<Url type=\"text/html\" method=\"get\" template=\"" + base + "/search?q={searchTerms}\"/>"));
    // A hostile Host header never reaches the XML.
    httplib::Headers evil{{"Host", "x\"/><script>"}};
    auto res2 = client->Get("/opensearch.xml", evil);
    REQUIRE(res2);
    CHECK(xml_problem(res2->body) == "");
    CHECK_FALSE(contains(res2->body, "<script>"));
    for (const std::string page : {"/", "/search", "/doc/a-videoconference", "/article/UNCAC-46", "/matrix"})
        CHECK(contains(get_page(*client, page),
                       "<link rel=\"search\" type=\"application/opensearchdescription+xml\" title=\"Cooperation Knowledge Base\" href=\"/opensearch.xml\">"));
}

// The UI in English, French and Spanish: every message file has every key of en.json (and
// every {{t.KEY}} of the templates is one), the language comes from lang= or
// Accept-Language, is switchable by links and stays in the URL; the language facet is
// shown and labelled; lang= stems the query in that language too.
#include <filesystem>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <catch2/catch.hpp>

#include "messages.h"
#include "server_fixture.h"

using namespace kb::test;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {

std::string read_text(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool contains(const std::string& haystack, const std::string& needle) {
    return haystack.find(needle) != std::string::npos;
}

std::string get_page(httplib::Client& client, const std::string& path, const std::string& accept_language = "") {
    httplib::Headers headers;
    if (!accept_language.empty()) headers.emplace("Accept-Language", accept_language);
    auto res = client.Get(path.c_str(), headers);
    INFO("GET " << path);
    REQUIRE(res);
    CHECK(res->status == 200);
    return res->body;
}

const fs::path web_dir = kb::server::find_web_dir("");

}  // namespace

TEST_CASE("every message file has every key of en.json, none empty, and names its language") {
    const json en = json::parse(read_text(web_dir / "messages/en.json"));
    REQUIRE(en.is_object());
    std::set<std::string> languages;
    for (const auto& e : fs::directory_iterator(web_dir / "messages")) {
        if (e.path().extension() != ".json") continue;
        const std::string code = e.path().stem().string();
        languages.insert(code);
        INFO("messages/" << code << ".json");
        const json t = json::parse(read_text(e.path()), nullptr, false);
        REQUIRE(t.is_object());
        for (const auto& [key, _] : en.items()) {
            INFO("key " << key);
            REQUIRE(t.contains(key));
            CHECK(t[key].is_string());
            CHECK_FALSE(t[key].get<std::string>().empty());
        }
        for (const auto& [key, _] : t.items()) {
            INFO("key " << key << " is not in en.json");
            CHECK(en.contains(key));
        }
        CHECK(t["language_name"] != (code == "en" ? "" : en["language_name"].get<std::string>()));
    }
    CHECK(languages == std::set<std::string>{"en", "es", "fr"});
}

TEST_CASE("every {{t.KEY}} in the templates is a key of en.json") {
    const json en = json::parse(read_text(web_dir / "messages/en.json"));
    static const std::regex used(R"(\{\{\{?t\.([A-Za-z0-9_]+)\}?\}\})");
    std::size_t uses = 0;
    for (const auto& e : fs::directory_iterator(web_dir / "templates")) {
        const std::string text = read_text(e.path());
        for (std::sregex_iterator m(text.begin(), text.end(), used), end; m != end; ++m, ++uses) {
            INFO(e.path().filename().string() << ": {{t." << (*m)[1] << "}}");
            CHECK(en.contains((*m)[1].str()));
        }
    }
    CHECK(uses > 50);
}

TEST_CASE("Accept-Language picks the page's language; lang= in the URL wins and stays in the links") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();

    const std::string fr = get_page(*client, "/", "fr-CH, fr;q=0.9, en;q=0.8");
    CHECK(contains(fr, "<html lang=\"fr\">"));
    CHECK(contains(fr, "<h1 id=\"intro-title\">Trouver des pratiques de coopération internationale</h1>"));
    CHECK(contains(fr, "9 fiches"));
    CHECK(contains(fr, "<input type=\"hidden\" name=\"lang\" value=\"fr\">"));  // searches stem in French
    // The switcher: every language, the current one marked.
    CHECK(contains(fr, "<a href=\"/?lang=es\" hreflang=\"es\" lang=\"es\">Español</a>"));
    CHECK(contains(fr, "<a href=\"/?lang=fr\" hreflang=\"fr\" lang=\"fr\" aria-current=\"true\">Français</a>"));
    // Without lang= in the URL the links stay as they are (the header is sent again).
    CHECK(contains(fr, "<a href=\"/search?region=African+Group\">"));

    const std::string es = get_page(*client, "/search?q=extradition&lang=es", "fr");
    CHECK(contains(es, "<html lang=\"es\">"));
    CHECK(contains(es, "<summary><h2 id=\"filters-title\">Filtros</h2></summary>"));
    CHECK(contains(es, "<label for=\"sort\">Ordenar por</label>"));
    CHECK(contains(es, "<a href=\"/search?lang=es\">Todas las notas</a>"));
    CHECK(contains(es, "/doc/d-dual-criminality?lang=es\""));
    CHECK(contains(es, "<a href=\"/search?q=extradition&amp;lang=en\" hreflang=\"en\" lang=\"en\">English</a>"));
    CHECK_FALSE(contains(es, "lang=es&amp;lang=es"));

    const std::string en = get_page(*client, "/search?q=extradition", "de, it;q=0.5");  // none we have
    CHECK(contains(en, "<html lang=\"en\">"));
    CHECK(contains(en, "<summary><h2 id=\"filters-title\">Filters</h2></summary>"));
    CHECK_FALSE(contains(en, "name=\"lang\""));

    // A note page and the handout page in French.
    const std::string doc = get_page(*client, "/doc/a-videoconference?lang=fr");
    CHECK(contains(doc, "<h2 id=\"related-title\">Fiches apparentées</h2>"));
    CHECK(contains(doc, "<dt>Source</dt>"));
    const std::string handout = get_page(*client, "/handout?ids=a-videoconference,gone&lang=fr");
    CHECK(contains(handout, "<label for=\"handout-title\">Titre du dossier</label>"));
    CHECK(contains(handout, "Introuvable dans la base de connaissances"));
}

TEST_CASE("the language facet is shown, labelled, with the languages' names") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string en = get_page(*client, "/search");
    CHECK(contains(en, "<fieldset class=\"facet\" data-facet=\"language\">"));
    CHECK(contains(en, "<legend>Language of the note</legend>"));
    CHECK(contains(en, "name=\"language\" value=\"fr\""));
    CHECK(contains(en, "<span class=\"facet-value\">French</span>"));
    const std::string fr = get_page(*client, "/search?lang=fr");
    CHECK(contains(fr, "<legend>Langue de la fiche</legend>"));
    CHECK(contains(fr, "<span class=\"facet-value\">français</span>"));
}

TEST_CASE("lang= on /api/search stems the query in that language too; an unknown one is a 400") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    int status = 0;
    // The French fixture note says "demandes"; "demandées" meets it only by its French stem.
    json r = get_json(*client, "/api/search?q=demand%C3%A9es", &status);
    CHECK(status == 200);
    CHECK(r["total"] == 0);
    r = get_json(*client, "/api/search?q=demand%C3%A9es&lang=fr", &status);
    CHECK(status == 200);
    REQUIRE(r["hits"].size() == 1);
    CHECK(r["hits"][0]["id"] == "h-entraide");
    r = get_json(*client, "/api/search?q=x&lang=xx", &status);
    CHECK(status == 400);
    CHECK(contains(r["error"], "'lang'"));
}

TEST_CASE("the language switcher never links to another site, whatever the path") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    for (const std::string path : {"//example.org/x", "/\\example.org/x"}) {
        auto res = client->Get(path.c_str());
        INFO("GET " << path);
        REQUIRE(res);
        CHECK(res->status == 404);
        CHECK_FALSE(contains(res->body, "href=\"//"));
        CHECK_FALSE(contains(res->body, "href=\"/\\"));
        CHECK(contains(res->body, "<a href=\"/?lang=fr\" hreflang=\"fr\""));
    }
}

TEST_CASE("the handout's files are written in the page's language; in English they stay kb-export's") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    auto fr = client->Get("/handout.html?ids=a-videoconference,gone&lang=fr");
    REQUIRE(fr);
    CHECK(fr->status == 200);
    CHECK(contains(fr->body, "<html lang=\"fr\">"));
    CHECK(contains(fr->body, "<h1>Dossier</h1>"));
    CHECK(contains(fr->body, "<h2>Sommaire</h2>"));
    CHECK(contains(fr->body, "<h2>Références</h2>"));
    CHECK(contains(fr->body, "<dt>Thèmes</dt>"));
    CHECK(contains(fr->body, "Introuvable dans la base de connaissances :"));
    CHECK(fr->get_header_value("Content-Disposition") == "attachment; filename=\"handout.html\"");
    auto es = client->Get("/handout.md?ids=a-videoconference", {{"Accept-Language", "es-ES,es;q=0.9"}});
    REQUIRE(es);
    CHECK(contains(es->body, "## Índice"));
    CHECK(contains(es->body, "- **Fuente:** "));
    auto en = client->Get("/handout.md?ids=a-videoconference");
    REQUIRE(en);
    CHECK(contains(en->body, "## Contents"));
    CHECK(contains(en->body, "- **Source:** "));
    // The handout page's export links carry the language picked in the URL.
    auto page = client->Get("/handout?ids=a-videoconference&lang=es");
    REQUIRE(page);
    CHECK(contains(page->body, "href=\"/handout.html?ids=a-videoconference&amp;lang=es\""));
}

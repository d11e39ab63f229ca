// The UI in English, French and Spanish: every message file has every key of en.json (and
// every {{t.KEY}} of the templates is one), the language comes from lang= or
// Accept-Language, is switchable by links and stays in the URL; the language facet is
// shown and labelled; lang= stems the query in that language too. The article page, the
// coverage matrix, the search tips and the handout's default title are translated too (the
// notes' own words are not), and every page says Vary: Accept-Language.
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

TEST_CASE("the article page is in the chosen language; the notes' own words stay as they are") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();

    const std::string fr = get_page(*client, "/article/UNCAC-46?lang=fr");
    CHECK(contains(fr, "<html lang=\"fr\">"));
    CHECK(contains(fr, "<p class=\"article-convention\">Convention des Nations Unies contre la corruption</p>"));
    // The article's title is the concordance's (content), not translated.
    CHECK(contains(fr, "<span class=\"article-heading-title\">Mutual legal assistance</span>"));
    CHECK(contains(fr, "Correspond à <a href=\"/article/UNTOC-18?lang=fr\">UNTOC 18</a> (Mutual legal assistance), 2 fiches."));
    CHECK(contains(fr, "5 fiches citent cet article\u00a0: <a href=\"/search?article=UNCAC+46&amp;lang=fr\">les afficher</a>"));
    CHECK(contains(fr, ", ou les <a href=\"/search?article=UNCAC+46&amp;corresponding=1&amp;lang=fr\">5 fiches au titre de "
                       "l’une ou l’autre Convention</a>."));
    CHECK(contains(fr, ">Couverture par type et par région</a>"));
    CHECK(contains(fr, "<nav class=\"article-groups-nav\" aria-label=\"Fiches par type\">"));
    CHECK(contains(fr, "<h2 id=\"group-finding\"><span class=\"type-badge type-finding\">Constatations</span>"));
    CHECK(contains(fr, "<h2 id=\"group-practice\"><span class=\"type-badge type-practice\">Pratiques</span>"));
    CHECK(contains(fr, "<a href=\"/doc/h-entraide?lang=fr\">"));
    CHECK(contains(fr, "<a href=\"/article/UNCAC-46?lang=es\" hreflang=\"es\" lang=\"es\">Español</a>"));
    for (const char* english : {"Corresponds to", "cite this article", "search them", "under either Convention",
                                "Coverage by type and region", "Notes by type", "United Nations Convention"})
        CHECK_FALSE(contains(fr, english));

    // Spanish by Accept-Language alone: the links stay as they are.
    const std::string es = get_page(*client, "/article/UNTOC-18", "es-MX, es;q=0.9");
    CHECK(contains(es, "<html lang=\"es\">"));
    CHECK(contains(es, "Convención de las Naciones Unidas contra la Delincuencia Organizada Transnacional"));
    CHECK(contains(es, "Corresponde a <a href=\"/article/UNCAC-46\">UNCAC 46</a>"));
    CHECK(contains(es, "Todavía ninguna nota de este tipo cita este artículo."));
}

TEST_CASE("the coverage matrix is in the chosen language, its links and form keep it") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();

    const std::string es = get_page(*client, "/matrix?rows=article&cols=region&lang=es");
    CHECK(contains(es, "<html lang=\"es\">"));
    CHECK(contains(es, "<title>Cobertura: Artículo por Región · "));
    CHECK(contains(es, "<h1>Cobertura: Artículo por Región</h1>"));
    CHECK(contains(es, "<label for=\"matrix-rows\">Filas</label>"));
    CHECK(contains(es, "<label for=\"matrix-cols\">Columnas</label>"));
    CHECK(contains(es, "<option value=\"region\" selected>Región</option>"));
    CHECK(contains(es, "<option value=\"topic\">Tema</option>"));
    CHECK(contains(es, "<button type=\"submit\">Mostrar</button>"));
    CHECK(contains(es, ">Intercambiar filas y columnas</a>"));
    CHECK(contains(es, "<caption>Notas por Artículo (filas) y por Región (columnas), 9 notas en total. "
                       "Los totales cuentan cada nota una sola vez;"));
    CHECK(contains(es, "Cada número remite a esas notas; cuanto más oscura es una celda, más notas contiene.</caption>"));
    CHECK(contains(es, "<th scope=\"col\">Artículo \\ Región</th>"));
    // Regions are the notes' vocabulary: as they are.
    CHECK(contains(es, "<th scope=\"col\">African Group</th>"));
    CHECK(contains(es, "<a href=\"/search?article=UNCAC+46&amp;region=African+Group&amp;lang=es\">1</a></td>"));
    CHECK(contains(es, "<input type=\"hidden\" name=\"lang\" value=\"es\">"));
    CHECK(contains(es, "<a href=\"/matrix?rows=article&amp;cols=region&amp;lang=fr\" hreflang=\"fr\" lang=\"fr\">Français</a>"));
    for (const char* english : {"Coverage:", "Notes by", "in all", "Swap rows", ">Rows<", ">Columns<", "Each number"})
        CHECK_FALSE(contains(es, english));

    // The scope of a narrowed matrix, in French: the query, the facet and its value.
    const std::string fr = get_page(*client, "/matrix?q=extradition&type=finding&rows=region&cols=year&lang=fr");
    CHECK(contains(fr, "<h1>Couverture : Région par Année</h1>"));
    CHECK(contains(fr, "Fiches comptées · correspondant à «\u00a0extradition\u00a0» · Type\u00a0: Constatation. "
                       "<a href=\"/search?q=extradition&amp;type=finding&amp;lang=fr\">Les afficher sous forme de liste</a>."));
}

TEST_CASE("the search tips are in the chosen language; the examples stay the query syntax") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();

    const std::string fr = get_page(*client, "/?lang=fr");
    CHECK(contains(fr, "<summary>Conseils de recherche</summary>"));
    CHECK(contains(fr, "<dd>l’expression exacte</dd>"));
    CHECK(contains(fr, "<dd>l’un ou l’autre mot</dd>"));
    CHECK(contains(fr, "<dd>les mots commençant par extrad</dd>"));
    CHECK(contains(fr, "<a href=\"/search?q=confiscation+OR+forfeiture&amp;lang=fr\">confiscation OR forfeiture</a>"));
    CHECK_FALSE(contains(fr, "Search tips"));

    const std::string es = get_page(*client, "/search?q=extradition", "es");
    CHECK(contains(es, "<summary>Consejos de búsqueda</summary>"));
    CHECK(contains(es, "<dd>la primera palabra sin la segunda</dd>"));
    CHECK(contains(es, "<dd>las notas vinculadas a ese artículo</dd>"));
    CHECK(contains(es, "<a href=\"/search?q=extradition+NOT+nationals\">extradition NOT nationals</a>"));

    const std::string en = get_page(*client, "/");
    CHECK(contains(en, "<summary>Search tips</summary>"));
    CHECK(contains(en, "<dd>words beginning with extrad</dd>"));
}

TEST_CASE("the handout's default title is in the page's language; the API's stays Handout") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    const std::string fr = get_page(*client, "/handout?ids=a-videoconference&lang=fr");
    CHECK(contains(fr, "<title>Dossier · "));
    CHECK(contains(fr, "<h1 class=\"handout-heading\">Dossier</h1>"));
    CHECK(contains(fr, "placeholder=\"Dossier\""));
    const std::string es = get_page(*client, "/handout", "es");
    CHECK(contains(es, "<h1 class=\"handout-heading\">Dosier</h1>"));
    // The API is a contract (openapi.yaml: "Absent or empty, `Handout`"), not a page.
    int status = 0;
    const json api = get_json(*client, "/api/handout?ids=a-videoconference&lang=fr", &status);
    CHECK(status == 200);
    CHECK(api["title"] == "Handout");
}

TEST_CASE("pages in the language of Accept-Language say so with Vary; the API does not") {
    Corpus corpus;
    corpus.index();
    TestServer server(corpus.db());
    auto client = server.client();
    for (const std::string path : {"/", "/search?q=extradition", "/doc/a-videoconference", "/article/UNCAC-46",
                                   "/matrix?rows=article&cols=region", "/handout?ids=a-videoconference",
                                   "/handout.md?ids=a-videoconference", "/handout/print?ids=a-videoconference",
                                   "/article/UNCAC-46?lang=fr", "/no/such/page", "/search?size=0"}) {
        auto res = client->Get(path.c_str(), {{"Accept-Language", "fr"}});
        INFO("GET " << path);
        REQUIRE(res);
        CHECK(res->get_header_value("Vary") == "Accept-Language");
        CHECK(res->get_header_value_count("Vary") == 1);
    }
    for (const std::string path : {"/api/search?q=extradition", "/api/article/UNCAC-46", "/static/kb.css"}) {
        auto res = client->Get(path.c_str(), {{"Accept-Language", "fr"}});
        INFO("GET " << path);
        REQUIRE(res);
        CHECK(res->status == 200);
        CHECK_FALSE(res->has_header("Vary"));
    }
}

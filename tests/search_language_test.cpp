// lang=: a query is stemmed with the searcher's language as well as English, so a French
// query finds French notes by stem (the bundled content has two French notes and one
// Spanish), and English results are kept.
#include <catch2/catch.hpp>

#include "content_indexer.h"
#include "index_store.h"
#include "search.h"
#include "test_support.h"

using namespace kb::test;

namespace {

// The bundled content, indexed once for every test case of this file.
const Xapian::Database& bundled() {
    static TempDir tmp;
    static const Xapian::Database db = [] {
        kb::IndexOptions opt;
        opt.content_dir = KB_CONTENT_DIR;
        opt.db_dir = tmp / "db";
        const kb::IndexSummary s = kb::index_content(opt);
        REQUIRE(s.problems.empty());
        return kb::open_index(tmp / "db");
    }();
    return db;
}

}  // namespace

TEST_CASE("the bundled content has French and Spanish notes") {
    const auto all = run(bundled(), {});
    CHECK(facet_count(all, "language", "fr") == 2);
    CHECK(facet_count(all, "language", "es") == 1);
}

TEST_CASE("lang=fr stems a French query in French too: an inflection the notes do not use finds them") {
    // "demandées": the French notes say "demandes" / "demande"; only the French stemmer
    // brings both to "demand".
    const auto english = run(bundled(), {{"q", "demandées"}, {"spelling", "0"}});
    CHECK(english["total"] == 0);
    const auto french = run(bundled(), {{"q", "demandées"}, {"lang", "fr"}});
    // Both French notes, and English notes on "demand(s)" too: the stems share the index.
    CHECK(facet_count(french, "language", "fr") == 2);
    const auto french_only = run(bundled(), {{"q", "demandées"}, {"lang", "fr"}, {"language", "fr"}});
    CHECK(french_only["total"] == 2);
    // The English reading is kept: an English query gives the same notes with lang=fr.
    const auto en = run(bundled(), {{"q", "extradition"}});
    const auto en_fr = run(bundled(), {{"q", "extradition"}, {"lang", "fr"}});
    CHECK(en_fr["total"].get<long>() >= en["total"].get<long>());
}

TEST_CASE("lang=es stems a Spanish query in Spanish too") {
    CHECK(run(bundled(), {{"q", "solicitada"}, {"spelling", "0"}})["total"] == 0);
    const auto spanish = run(bundled(), {{"q", "solicitada"}, {"lang", "es"}});
    CHECK(spanish["total"] == 1);
    CHECK(ids(spanish) == std::vector<std::string>{"handbook-asistencia-judicial-reciproca-secreto-bancario"});
}

TEST_CASE("lang must be a language with a stemmer") {
    CHECK(kb::parse_search_request({{"lang", "en"}}).ok());
    CHECK(kb::parse_search_request({{"lang", ""}}).ok());
    const auto bad = kb::parse_search_request({{"lang", "xx"}});
    REQUIRE_FALSE(bad.ok());
    CHECK(bad.error().message.find("'lang'") != std::string::npos);
    CHECK(bad.error().http_status == 400);
}

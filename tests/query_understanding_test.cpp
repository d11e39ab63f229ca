// Query understanding: units, stop words, thesaurus phrases by stems, facet phrases.
#include <catch2/catch.hpp>

#include "query_lexicon.h"
#include "query_rewriter.h"
#include "query_understanding.h"
#include "test_support.h"

using namespace kb;
using namespace kb::test;

namespace {

struct Understanding {
    TempDir tmp;
    Xapian::Database db = index_fixture(tmp.path());
    QueryLexicon lexicon = stored_query_lexicon(db);
    Thesaurus thesaurus{{{"legal person", "company"}, {"recouvrement d'avoirs", "asset recovery"}}, lexicon};

    UnderstoodQuery of(const std::string& q, std::set<std::string> literal = {}, std::set<std::string> filtered = {}) {
        UnderstandingContext ctx{lexicon, thesaurus, db, std::move(literal), std::move(filtered)};
        return understand_query(q, ctx);
    }
};

std::vector<std::string> unit_texts(const UnderstoodQuery& u) {
    std::vector<std::string> out;
    for (const auto& unit : u.units) out.push_back(unit.text);
    return out;
}

}  // namespace

TEST_CASE("words are matching keys: lower case, no accents, elisions and hyphens split") {
    const auto words = text_words("L'Extradición d’un Asia-Pacific");
    std::vector<std::string> keys;
    for (const auto& w : words) keys.push_back(w.key);
    CHECK(keys == std::vector<std::string>{"l", "extradicion", "d", "un", "asia", "pacific"});
    CHECK(words[1].lower == "extradición");
    CHECK(phrase_key("  Asia-Pacific   GROUP ") == "asia pacific group");
}

TEST_CASE("a thesaurus member is found by the stems of its meaningful words") {
    Understanding u;
    const auto plural = u.of("liability of legal persons");
    REQUIRE(unit_texts(plural) == std::vector<std::string>{"liability", "legal persons"});
    CHECK(plural.units[1].from_thesaurus);
    // As typed and "company": the member "legal person" has the typed words' stems, so adds nothing.
    CHECK(plural.units[1].alternatives.size() == 2);
    // Small words between do not count: "des" for "d'".
    const auto french = u.of("recouvrement des avoirs");
    REQUIRE(french.units.size() == 1);
    CHECK(french.units[0].from_thesaurus);
    CHECK(french.language == "fr");
}

TEST_CASE("explicit syntax is left to the parser") {
    CHECK(has_explicit_syntax("\"dual criminality\""));
    CHECK(has_explicit_syntax("extradition NOT nationals"));
    CHECK(has_explicit_syntax("extradition -nationals"));
    CHECK(has_explicit_syntax("title:videoconference"));
    CHECK(has_explicit_syntax("extrad*"));
    CHECK_FALSE(has_explicit_syntax("non-conviction based confiscation"));
    CHECK_FALSE(has_explicit_syntax("what is article 46(9)(b)?"));
    CHECK_FALSE(has_explicit_syntax("Note: extradition or surrender"));
}

TEST_CASE("article references are read in the forms people write them") {
    Understanding u;
    auto article = [&](const std::string& q) {
        const auto r = u.of(q);
        std::vector<std::string> values;
        for (const auto& x : r.understood)
            if (x.facet == "article") values.push_back(x.value);
        return values;
    };
    CHECK(article("UNCAC 46 videoconference") == std::vector<std::string>{"UNCAC 46"});
    CHECK(article("untoc art. 18 central authority") == std::vector<std::string>{"UNTOC 18"});
    CHECK(article("article 46(9)(b) dual criminality") == std::vector<std::string>{"UNCAC 46"});
    CHECK(article("article 44 of the UNCAC nationals") == std::vector<std::string>{"UNCAC 44"});
    CHECK(article("art 57 settlements") == std::vector<std::string>{"UNCAC 57"});
    // A number alone is not an article.
    CHECK(article("18 witnesses").empty());
    const auto r = u.of("article 46(9)(b) dual criminality");
    REQUIRE(r.understood.size() == 1);
    CHECK(r.understood[0].phrase == "article 46(9)(b)");
    CHECK(unit_texts(r) == std::vector<std::string>{"dual", "criminality"});
}

TEST_CASE("a facet the request filters already, or a phrase kept as words, is not read as a filter") {
    Understanding u;
    CHECK(u.of("asia-pacific extradition").understood.size() == 1);
    CHECK(u.of("asia-pacific extradition", {}, {"region"}).understood.empty());
    const auto kept = u.of("asia-pacific extradition", {"asia pacific"});
    CHECK(kept.understood.empty());
    CHECK(unit_texts(kept) == std::vector<std::string>{"asia", "pacific", "extradition"});
}

TEST_CASE("stop words of every language are dropped and listed") {
    Understanding u;
    const auto r = u.of("how can we find the central authority of the other State?");
    CHECK(unit_texts(r) == std::vector<std::string>{"central", "authority", "State"});
    CHECK(r.stopped == std::vector<std::string>{"how", "can", "we", "find", "the", "of", "the", "other"});
    CHECK(r.language.empty());
}

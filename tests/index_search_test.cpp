// Indexing the fixture corpus, then searching it: the features a practitioner relies on.
#include <catch2/catch.hpp>

#include <algorithm>

#include "query_rewriter.h"
#include "test_support.h"

using namespace kb::test;

namespace {
bool contains(const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
}
}  // namespace

TEST_CASE("the fixture corpus is indexed whole and README files are not notes") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    CHECK(db.get_doccount() == 9);
    CHECK_FALSE(db.term_exists("Qreadme"));
    CHECK(db.term_exists("Qa-videoconference"));
    CHECK(db.term_exists("Qg-settlements-asset-return"));  // id from front matter
}

TEST_CASE("an empty query lists every note, newest first, with an exact total") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {{"q", ""}, {"size", "100"}});
    CHECK(r["total"] == 9);
    CHECK(r["sort"] == "date");
    const auto hits = r["hits"];
    REQUIRE(hits.size() == 9);
    for (size_t i = 1; i < hits.size(); ++i) CHECK(hits[i - 1]["date"] >= hits[i]["date"]);
    CHECK(hits.back()["id"] == "d-dual-criminality");
}

TEST_CASE("stemming: a query for 'extradite' finds notes about extradition") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto found = ids(run(db, {{"q", "extradite"}}));
    CHECK(contains(found, "b-philippines"));
    CHECK(contains(found, "i-delays"));
    CHECK(contains(found, "d-dual-criminality"));
    CHECK_FALSE(contains(found, "a-videoconference"));
}

TEST_CASE("notes with all the words come first, and with fewer than a page of them the search widens and says which words each hit lacks") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto widened = run(db, {{"q", "central authorities"}});
    CHECK(widened["matching"] == "closest");
    REQUIRE(widened["hits"].size() > 1);
    CHECK(widened["hits"][0]["id"] == "c-central-authority");
    CHECK(widened["hits"][0]["missing"].empty());
    for (std::size_t i = 1; i < widened["hits"].size(); ++i) CHECK(!widened["hits"][i]["missing"].empty());
    // Explicit syntax keeps its meaning: + makes a word required.
    CHECK(ids(run(db, {{"q", "+central +authorities"}})) == std::vector<std::string>{"c-central-authority"});
    CHECK(run(db, {{"q", "+central +authorities"}})["matching"] == "syntax");
}

TEST_CASE("question words and pronouns are dropped, and the title weighs more than the body") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto question = run(db, {{"q", "what did we find about the central authority?"}});
    CHECK(question["ignored"] == nlohmann::json::array({"what", "did", "we", "find", "about", "the"}));
    REQUIRE(!question["hits"].empty());
    CHECK(question["hits"][0]["id"] == "c-central-authority");
    const auto r = run(db, {{"q", "dual criminality"}});
    REQUIRE(!r["hits"].empty());
    CHECK(r["hits"][0]["id"] == "d-dual-criminality");
}

TEST_CASE("phrase queries match words in order only") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    CHECK(ids(run(db, {{"q", "\"swift asset returns\""}})) == std::vector<std::string>{"g-settlements-asset-return"});
    CHECK(run(db, {{"q", "\"returns asset swift\""}})["total"] == 0);
}

TEST_CASE("boolean operators OR and NOT work") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto either = ids(run(db, {{"q", "settlements OR witness"}}));
    CHECK(either.size() == 2);
    const auto not_found = ids(run(db, {{"q", "extradition NOT philippines"}}));
    CHECK_FALSE(contains(not_found, "b-philippines"));
    CHECK(contains(not_found, "i-delays"));
}

TEST_CASE("field prefixes restrict a word to a field or a facet") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    // "videoconference" is in a's title and a's body; e mentions no videoconference.
    CHECK(ids(run(db, {{"q", "title:videoconference"}})) == std::vector<std::string>{"a-videoconference"});
    CHECK(ids(run(db, {{"q", "article:\"UNCAC 57\""}})) == std::vector<std::string>{"g-settlements-asset-return"});
    auto african = ids(run(db, {{"q", "region:african"}}));
    std::sort(african.begin(), african.end());
    CHECK(african == std::vector<std::string>{"g-settlements-asset-return", "i-delays"});
    CHECK(run(db, {{"q", "type:finding"}})["total"] == 3);
    CHECK(ids(run(db, {{"q", "country:colombia"}})) == std::vector<std::string>{"a-videoconference"});
    CHECK(run(db, {{"q", "year:2012"}})["total"] == 2);
}

TEST_CASE("synonyms: MLA finds notes that only say mutual legal assistance, and back") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto by_abbreviation = ids(run(db, {{"q", "mla"}}));
    CHECK(contains(by_abbreviation, "e-request-writer"));  // says "mutual legal assistance" only
    CHECK(contains(by_abbreviation, "a-videoconference"));  // says "MLA" in the title
    const auto by_phrase = ids(run(db, {{"q", "mutual legal assistance"}}));
    CHECK(contains(by_phrase, "a-videoconference"));
}

TEST_CASE("a word no note holds is corrected when the correction finds notes, and spelling=0 searches it as typed") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {{"q", "extradtion"}});
    CHECK(r["corrected"] == true);
    CHECK(r["suggestion"] == "extradition");
    CHECK(r["total"] == run(db, {{"q", "extradition"}})["total"]);
    const auto as_typed = run(db, {{"q", "extradtion"}, {"spelling", "0"}});
    CHECK(as_typed["total"] == 0);
    CHECK(as_typed["corrected"] == false);
    CHECK(as_typed["suggestion"] == "extradition");  // offered, not applied
    CHECK(run(db, {{"q", "extradition"}})["suggestion"].is_null());
    // Correct words are never rewritten, nor stop words, nor codes with digits.
    CHECK(run(db, {{"q", "what did we do about extradition"}})["suggestion"].is_null());
    CHECK(run(db, {{"q", "quokka2013"}})["corrected"] == false);
}

TEST_CASE("phrases naming an article, a region or a type become filters the reader can undo") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {{"q", "African States extradition findings"}});
    REQUIRE(r["understood"].size() == 2);
    CHECK(r["understood"][0] == nlohmann::json({{"facet", "region"}, {"value", "African Group"}, {"phrase", "African States"}}));
    CHECK(r["understood"][1]["facet"] == "type");
    REQUIRE(!r["hits"].empty());
    for (const auto& hit : r["hits"]) {
        CHECK(hit["type"] == "finding");
        CHECK(std::find(hit["regions"].begin(), hit["regions"].end(), "African Group") != hit["regions"].end());
    }
    // Removing the chip: the phrase is searched as words again.
    const auto undone = run(db, {{"q", "African States extradition findings"}, {"literal", "African States"}});
    REQUIRE(undone["understood"].size() == 1);
    CHECK(undone["understood"][0]["facet"] == "type");
    const auto article = run(db, {{"q", "UNCAC art. 57 settlements"}});
    REQUIRE(article["understood"].size() == 1);
    CHECK(article["understood"][0]["value"] == "UNCAC 57");
    CHECK(article["understood"][0]["phrase"] == "UNCAC art. 57");
    CHECK(ids(article) == std::vector<std::string>{"g-settlements-asset-return"});
    // An article no note is filed under stays words.
    CHECK(run(db, {{"q", "UNCAC 99"}})["understood"].empty());
}

TEST_CASE("a French note is found by the stem of a French word form") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    // The note says "autorités" and "judiciaire"; the French stemmer maps "autorité" and
    // "judiciaires" to the same stems.
    CHECK(ids(run(db, {{"q", "judiciaires"}})) == std::vector<std::string>{"h-entraide"});
}

TEST_CASE("French elisions are split, so 'entraide' finds \"d'entraide\"") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    CHECK(ids(run(db, {{"q", "entraide"}})) == std::vector<std::string>{"h-entraide"});
    CHECK(ids(run(db, {{"q", "l'entraide"}})) == std::vector<std::string>{"h-entraide"});
}

TEST_CASE("snippets mark the matched words and escape the note's text") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {{"q", "+bank +secrecy"}});
    REQUIRE(r["hits"].size() == 1);
    const std::string snippet = r["hits"][0]["snippet"];
    CHECK(snippet.find("<mark>Bank</mark>") != std::string::npos);
    CHECK(snippet.find("<script>") == std::string::npos);
    CHECK(snippet.find("&lt;script&gt;") != std::string::npos);
    CHECK(snippet.find("&amp;") != std::string::npos);
}

TEST_CASE("unbalanced quotes and parentheses do not break a search") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    CHECK(run(db, {{"q", "\"bank secrecy"}})["total"] == 1);
    CHECK(run(db, {{"q", "(bank OR secrecy"}})["total"] == 1);
    CHECK(run(db, {{"q", "bank) AND ) OR ("}})["total"].get<long>() >= 0);
}

TEST_CASE("results page through in order without overlap") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto all = ids(run(db, {{"size", "100"}}));
    std::vector<std::string> paged;
    for (int page = 1; page <= 5; ++page) {
        const auto r = run(db, {{"size", "2"}, {"page", std::to_string(page)}});
        for (const auto& id : ids(r)) paged.push_back(id);
    }
    CHECK(paged == all);
    CHECK(run(db, {{"size", "2"}, {"page", "6"}})["hits"].empty());
}

TEST_CASE("sort=date orders a text search by date") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {{"q", "extradition"}, {"sort", "date"}});
    REQUIRE(r["hits"].size() >= 2);
    for (size_t i = 1; i < r["hits"].size(); ++i) CHECK(r["hits"][i - 1]["date"] >= r["hits"][i]["date"]);
}

TEST_CASE("capitalised words are stemmed like lower-case ones, operators stay operators") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    CHECK(ids(run(db, {{"q", "Extradite"}})) == ids(run(db, {{"q", "extradite"}})));
    CHECK(run(db, {{"q", "EXTRADITION"}})["total"] == 3);
    CHECK(run(db, {{"q", "Settlements OR Witness"}})["total"] == 2);
    CHECK(kb::lowercase_query_words("Bank AND Secrecy NOT Title:X") == "bank AND secrecy NOT title:x");
}

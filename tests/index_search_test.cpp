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

TEST_CASE("all words must match, and the title weighs more than the body") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    CHECK(ids(run(db, {{"q", "central authorities"}})) == std::vector<std::string>{"c-central-authority"});
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

TEST_CASE("a misspelt query gets a 'did you mean' suggestion") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto r = run(db, {{"q", "extradtion"}});
    CHECK(r["total"] == 0);
    CHECK(r["suggestion"] == "extradition");
    CHECK(run(db, {{"q", "extradition"}})["suggestion"].is_null());
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
    const auto r = run(db, {{"q", "bank secrecy"}});
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

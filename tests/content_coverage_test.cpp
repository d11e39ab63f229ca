// The bundled knowledge base (content/): indexes without a problem, keeps the coverage the
// product promises, and answers the searches a practitioner would type.
#include <catch2/catch.hpp>

#include <algorithm>
#include <map>

#include "content_indexer.h"
#include "index_store.h"
#include "test_support.h"
#include "vocabulary.h"

using namespace kb::test;

namespace {

// Indexed once for all the cases of this file.
struct Bundled {
    TempDir tmp;
    Xapian::Database db;
    nlohmann::json all;  // facet counts over every note
    Bundled() {
        kb::IndexOptions opt;
        opt.content_dir = KB_CONTENT_DIR;
        opt.db_dir = tmp / "db";
        const auto s = kb::index_content(opt);
        for (const auto& p : s.problems) UNSCOPED_INFO(p.to_string());
        REQUIRE(s.problems.empty());
        db = kb::open_index(tmp / "db");
        all = run(db, {{"size", "1"}});
    }
};

Bundled& bundled() {
    static Bundled b;
    return b;
}

long count(const std::string& facet, const std::string& value) {
    return std::max(0L, facet_count(bundled().all, facet, value));
}

}  // namespace

TEST_CASE("the bundled content indexes with no problem and holds at least 150 notes") {
    CHECK(bundled().db.get_doccount() >= 150);
}

TEST_CASE("the bundled content has enough notes of each type") {
    CHECK(count("type", "finding") >= 40);
    CHECK(count("type", "practice") >= 50);
    CHECK(count("type", "handbook") >= 30);
    CHECK(count("type", "tool") >= 15);
}

TEST_CASE("every article of UNCAC chapters IV and V and its UNTOC counterpart is covered") {
    for (int n = 43; n <= 50; ++n) {
        INFO("UNCAC " << n);
        CHECK(count("article", "UNCAC " + std::to_string(n)) >= 8);
    }
    for (int n = 51; n <= 59; ++n) {
        INFO("UNCAC " << n);
        CHECK(count("article", "UNCAC " + std::to_string(n)) >= 2);
    }
    for (int n : {13, 16, 17, 18, 19, 20, 21, 27}) {
        INFO("UNTOC " << n);
        CHECK(count("article", "UNTOC " + std::to_string(n)) >= 3);
    }
}

TEST_CASE("each regional group is on at least 15 notes") {
    for (const auto& region : kb::default_regions()) {
        INFO(region);
        CHECK(count("region", region) >= 15);
    }
}

TEST_CASE("each topic of the vocabulary is on at least 3 notes") {
    kb::Problems problems;
    const auto vocab = kb::load_vocabulary(KB_CONTENT_DIR, problems);
    REQUIRE(problems.empty());
    REQUIRE(vocab.topics.size() >= 30);
    for (const auto& topic : vocab.topics) {
        INFO(topic);
        CHECK(count("topic", topic) >= 3);
    }
}

TEST_CASE("every article used by a note is in the concordance, with its counterparts") {
    kb::Problems problems;
    const auto vocab = kb::load_vocabulary(KB_CONTENT_DIR, problems);
    for (const auto& row : bundled().all["facets"]["article"]) {
        const std::string a = row["value"];
        INFO(a);
        CHECK(vocab.concordance.find(a) != nullptr);
    }
    const auto* uncac46 = vocab.concordance.find("UNCAC 46");
    REQUIRE(uncac46);
    CHECK(uncac46->counterparts == std::vector<std::string>{"UNTOC 18"});
    CHECK(vocab.concordance.find("UNTOC 16")->counterparts == std::vector<std::string>{"UNCAC 44"});
}

TEST_CASE("notes in French and Spanish are there and found by their own words") {
    CHECK(count("language", "fr") >= 2);
    CHECK(count("language", "es") >= 1);
    CHECK(run(bundled().db, {{"q", "entraide judiciaire"}, {"language", "fr"}})["total"].get<long>() >= 1);
    CHECK(run(bundled().db, {{"q", "secreto bancario"}, {"language", "es"}})["total"].get<long>() >= 1);
}

TEST_CASE("searches a practitioner would type find the right notes in the first ten") {
    const std::vector<std::pair<std::string, std::string>> expectations = {
        {"videoconference testimony", "finding-colombia-panel-videoconference-testimony"},
        {"videoconference testimony", "handbook-uncac-46-18-videoconference"},
        {"dual criminality", "handbook-uncac-44-dual-criminality-and-extraditable-offences"},
        {"central authority", "handbook-uncac-46-13-central-authority"},
        {"central authority", "finding-rec-32-effective-central-authorities"},
        {"bank secrecy", "finding-us-panel-bank-secrecy-no-ground-for-refusal"},
        {"bank secrecy", "practice-bank-secrecy-no-bar-to-mla"},
        {"return of assets", "handbook-uncac-51-asset-recovery-fundamental-principle"},
        {"political offence exception", "finding-thematic-political-offence-exception"},
        {"extradition of nationals", "handbook-uncac-44-12-extradition-of-nationals"},
        {"extradite or prosecute", "handbook-uncac-44-11-extradite-or-prosecute"},
        {"controlled delivery", "finding-art-50-international-use-and-controlled-delivery"},
        {"spontaneous information", "handbook-uncac-46-4-5-spontaneous-information"},
        {"transfer of sentenced persons", "handbook-uncac-45-transfer-of-sentenced-persons"},
        {"transfer of criminal proceedings", "finding-thematic-no-rules-transfer-of-proceedings"},
        {"financial intelligence unit", "handbook-uncac-58-financial-intelligence-unit"},
        {"FIU", "handbook-uncac-58-financial-intelligence-unit"},
        {"MLA request writer tool", "tool-mla-request-writer-tool"},
        {"model request templates", "finding-rec-39-model-request-templates"},
        {"liaison officers", "finding-us-panel-attaches-and-liaison-officers"},
        {"settlements asset return", "finding-tanzania-panel-settlements-swift-asset-return"},
        {"fiscal offences", "handbook-uncac-44-16-fiscal-offences"},
        {"provisional arrest", "practice-provisional-arrest-in-urgent-cases"},
        {"back-to-back meetings", "finding-rec-41-back-to-back-meetings"},
        {"technical assistance needs", "finding-ta-needs-refined-in-follow-up"},
        {"non-conviction based confiscation", "finding-art-54-non-conviction-based-confiscation"},
        {"consultation before refusal", "handbook-uncac-44-17-consultation-before-refusal"},
        {"civil and administrative proceedings", "finding-rec-36-civil-and-administrative-matters"},
        {"joint investigation team", "handbook-uncac-49-joint-investigations"},
        {"extradtion", ""},  // misspelt: no hit, but a suggestion (checked below)
    };
    for (const auto& [q, id] : expectations) {
        if (id.empty()) continue;
        // Ten: several queries have more notes that answer them than five (tests/relevance judges the order).
        const auto found = ids(run(bundled().db, {{"q", q}, {"size", "10"}}));
        INFO("query: " << q << " expected: " << id);
        CHECK(std::find(found.begin(), found.end(), id) != found.end());
    }
    CHECK(run(bundled().db, {{"q", "extradtion"}})["suggestion"] == "extradition");
}

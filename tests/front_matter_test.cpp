// Front matter: every valid form and every invalid case of the content contract.
#include <catch2/catch.hpp>

#include <algorithm>

#include "front_matter.h"

using kb::parse_note;
using kb::Vocabulary;

namespace {

Vocabulary vocab() {
    Vocabulary v;
    v.topics = {"videoconference", "mutual legal assistance"};
    v.regions = kb::default_regions();
    v.concordance = kb::Concordance({{"UNCAC 46", "Mutual legal assistance", {"UNTOC 18"}},
                                     {"UNTOC 18", "Mutual legal assistance", {"UNCAC 46"}}});
    return v;
}

const char* kFull =
    "---\n"
    "id: colombia-videoconference-testimony\n"
    "title: Testimony by videoconference in an MLA case\n"
    "type: practice\n"
    "articles: [UNCAC 46, UNTOC 18]\n"
    "regions: [Latin American and Caribbean Group]\n"
    "countries: [Colombia]\n"
    "topics: [videoconference, mutual legal assistance]\n"
    "source: Expert meeting report, Panama City 2013, para. 16\n"
    "date: 2013-11-26\n"
    "language: en\n"
    "---\n"
    "Markdown *body*.\n";

kb::ParsedNote parse(const std::string& text) { return parse_note(text, "notes/x.md", "x", vocab()); }

// The one problem of a note expected to have exactly one.
kb::Problem only_problem(const std::string& text) {
    auto r = parse(text);
    REQUIRE_FALSE(r.document);
    REQUIRE(r.problems.size() == 1);
    return r.problems[0];
}

std::string with(const std::string& key_line) {
    return "---\ntitle: T\ntype: practice\nsource: S\ndate: 2013-11-26\n" + key_line + "---\nBody\n";
}

}  // namespace

TEST_CASE("a note with every key of the contract is parsed into a Document") {
    auto r = parse(kFull);
    REQUIRE(r.problems.empty());
    REQUIRE(r.document);
    const auto& d = *r.document;
    CHECK(d.id == "colombia-videoconference-testimony");
    CHECK(d.title == "Testimony by videoconference in an MLA case");
    CHECK(d.type == "practice");
    CHECK(d.articles == std::vector<std::string>{"UNCAC 46", "UNTOC 18"});
    CHECK(d.regions == std::vector<std::string>{"Latin American and Caribbean Group"});
    CHECK(d.countries == std::vector<std::string>{"Colombia"});
    CHECK(d.topics == std::vector<std::string>{"videoconference", "mutual legal assistance"});
    CHECK(d.source == "Expert meeting report, Panama City 2013, para. 16");
    CHECK(d.date == "2013-11-26");
    CHECK(d.language == "en");
    CHECK(d.body == "Markdown *body*.\n");
    CHECK(d.body_line == 13);
}

TEST_CASE("a minimal note takes its id from the file name and defaults to English") {
    auto r = parse(with(""));
    REQUIRE(r.document);
    CHECK(r.document->id == "x");
    CHECK(r.document->language == "en");
    CHECK(r.document->articles.empty());
}

TEST_CASE("a single value where a list is expected is taken as a list of one") {
    auto r = parse(with("articles: UNCAC 46\ntopics: videoconference\n"));
    REQUIRE(r.document);
    CHECK(r.document->articles == std::vector<std::string>{"UNCAC 46"});
    CHECK(r.document->topics == std::vector<std::string>{"videoconference"});
}

TEST_CASE("block-style lists, Windows line endings and a byte order mark are accepted") {
    auto r = parse("\xEF\xBB\xBF---\r\ntitle: T\r\ntype: tool\r\nsource: S\r\ndate: 2000-02-29\r\n"
                   "articles:\r\n  - UNCAC 46\r\n  - UNTOC 18\r\n---\r\nBody\r\n");
    REQUIRE(r.problems.empty());
    CHECK(r.document->articles.size() == 2);
    CHECK(r.document->date == "2000-02-29");
}

TEST_CASE("a note in French or Spanish keeps its language") {
    auto r = parse(with("language: fr\n"));
    REQUIRE(r.document);
    CHECK(r.document->language == "fr");
}

TEST_CASE("a file without front matter is refused at line 1") {
    auto p = only_problem("# Just markdown\n");
    CHECK(p.line == 1);
    CHECK(p.message.find("missing front matter") != std::string::npos);
    CHECK(p.to_string().rfind("notes/x.md:1: ", 0) == 0);
}

TEST_CASE("front matter without its closing line is refused") {
    auto p = only_problem("---\ntitle: T\ntype: tool\n");
    CHECK(p.message.find("not closed") != std::string::npos);
}

TEST_CASE("invalid YAML is reported with the line it is on") {
    auto p = only_problem("---\ntitle: T\ntype: [practice\nsource: S\n---\nBody\n");
    CHECK(p.message.find("not valid YAML") != std::string::npos);
    CHECK(p.line >= 3);
}

TEST_CASE("an unknown key is named with its line") {
    auto p = only_problem(with("author: Someone\n"));
    CHECK(p.line == 6);
    CHECK(p.message.find("unknown key 'author'") != std::string::npos);
}

TEST_CASE("each required key is required") {
    for (const char* key : {"title", "type", "source", "date"}) {
        std::string text = with("");
        const auto start = text.find(std::string(key) + ":");
        text.erase(start, text.find('\n', start) - start + 1);
        auto p = only_problem(text);
        CHECK(p.message == std::string("missing required key '") + key + "'");
    }
}

TEST_CASE("a type outside practice, handbook, finding and tool is refused") {
    auto p = only_problem("---\ntitle: T\ntype: essay\nsource: S\ndate: 2013-11-26\n---\nBody\n");
    CHECK(p.line == 3);
    CHECK(p.message.find("type 'essay' is not one of") != std::string::npos);
}

TEST_CASE("articles must be written 'UNCAC N' or 'UNTOC N'") {
    for (const char* bad : {"Article 46", "UNCAC46", "UNCAC 0", "uncac 46", "UNCAC  46", "UNTOC 4a"}) {
        auto p = only_problem(with(std::string("articles: [") + bad + "]\n"));
        CHECK(p.line == 6);
        CHECK(p.message.find("must be written 'UNCAC N' or 'UNTOC N'") != std::string::npos);
    }
}

TEST_CASE("an article missing from the concordance is refused") {
    auto p = only_problem(with("articles: [UNCAC 99]\n"));
    CHECK(p.message.find("not in concordance.yaml") != std::string::npos);
}

TEST_CASE("regions must be one of the five UN regional groups") {
    auto p = only_problem(with("regions: [Europe]\n"));
    CHECK(p.message.find("unknown region 'Europe'") != std::string::npos);
}

TEST_CASE("topics must come from the topic vocabulary") {
    auto p = only_problem(with("topics: [video conference]\n"));
    CHECK(p.message.find("unknown topic 'video conference'") != std::string::npos);
}

TEST_CASE("dates must be real dates written YYYY-MM-DD") {
    for (const char* bad : {"2013-02-30", "2013-13-01", "26-11-2013", "2013-11-26T10:00", "2013/11/26", "2015-02-29"}) {
        std::string text = with("");
        text.replace(text.find("2013-11-26"), 10, bad);
        auto p = only_problem(text);
        CHECK(p.message.find("must be a real date") != std::string::npos);
        CHECK(p.line == 5);
    }
}

TEST_CASE("an unsupported language is refused") {
    auto p = only_problem(with("language: klingon\n"));
    CHECK(p.message.find("language 'klingon'") != std::string::npos);
}

TEST_CASE("an id with capitals or spaces is refused") {
    auto p = only_problem(with("id: My Note\n"));
    CHECK(p.message.find("id 'My Note'") != std::string::npos);
}

TEST_CASE("a file name that makes a bad id is refused with advice") {
    auto r = parse_note(with(""), "notes/My Note.md", "My Note", vocab());
    REQUIRE(r.problems.size() == 1);
    CHECK(r.problems[0].message.find("rename the file or set 'id:'") != std::string::npos);
}

TEST_CASE("a note without body text is refused") {
    auto p = only_problem("---\ntitle: T\ntype: tool\nsource: S\ndate: 2013-11-26\n---\n\n  \n");
    CHECK(p.message.find("no body text") != std::string::npos);
}

TEST_CASE("a file that is not UTF-8 is refused with the line of the bad byte") {
    auto p = only_problem("---\ntitle: caf\xe9\ntype: tool\n---\nBody\n");
    CHECK(p.line == 2);
    CHECK(p.message.find("not valid UTF-8") != std::string::npos);
}

TEST_CASE("a key given twice is refused") {
    auto p = only_problem(with("title: Again\n"));
    CHECK(p.message.find("appears twice") != std::string::npos);
}

TEST_CASE("every problem of a note is reported, each with its own line") {
    auto r = parse("---\ntitle: T\ntype: essay\narticles: [UNCAC 46, Art 5]\nregions: [Mars]\n"
                   "topics: [nope]\ndate: 2013-99-01\nfoo: bar\n---\nBody\n");
    REQUIRE_FALSE(r.document);
    std::vector<int> lines;
    for (const auto& p : r.problems) lines.push_back(p.line);
    std::sort(lines.begin(), lines.end());
    // type (3), article (4), region (5), topic (6), date (7), unknown key (8), missing source (2)
    CHECK(lines == std::vector<int>{2, 3, 4, 5, 6, 7, 8});
}

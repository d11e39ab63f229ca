// Handouts: notes in the order asked, metadata and references, missing ids reported, and
// HTML that opens offline (no external reference) with everything escaped.
#include <catch2/catch.hpp>

#include "content_indexer.h"
#include "handout.h"
#include "index_store.h"
#include "test_support.h"

using namespace kb::test;

namespace {
std::size_t pos(const std::string& text, const std::string& what) {
    const auto p = text.find(what);
    INFO("looking for: " << what);
    REQUIRE(p != std::string::npos);
    return p;
}
}  // namespace

TEST_CASE("a handout keeps the order asked, drops repeats and reports unknown ids") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto h = kb::load_handout(db, kb::split_ids("i-delays, a-videoconference,,nope,i-delays"), "", "2026-01-02");
    REQUIRE(h.notes.size() == 2);
    CHECK(h.notes[0].id == "i-delays");
    CHECK(h.notes[1].id == "a-videoconference");
    CHECK(h.missing == std::vector<std::string>{"nope"});
    CHECK(h.title == "Handout");
}

TEST_CASE("the Markdown handout has a cover, contents, notes with metadata and references") {
    TempDir tmp;
    const auto db = index_fixture(tmp.path());
    const auto h = kb::load_handout(db, {"c-central-authority", "a-videoconference", "gone"}, "MLA workshop", "2026-01-02");
    const std::string md = kb::handout_markdown(h);
    CHECK(md.rfind("# MLA workshop\n", 0) == 0);
    CHECK(md.find("2026-01-02") != std::string::npos);
    CHECK(md.find("**Not found in the knowledge base:** gone") != std::string::npos);
    const auto first = pos(md, "## Well-staffed central authorities");
    const auto second = pos(md, "## Testimony by videoconference in an MLA case");
    CHECK(first < second);
    CHECK(md.find("- **Articles:** UNCAC 46 (Mutual legal assistance), UNTOC 18 (Mutual legal assistance)") != std::string::npos);
    CHECK(md.find("### What was done") != std::string::npos);  // body headings one level down
    const auto refs = pos(md, "## References");
    CHECK(md.find("1. Expert meeting report, Panama City 2013, para. 12", refs) != std::string::npos);
    CHECK(md.find("2. Expert meeting report, Panama City 2013, para. 16", refs) != std::string::npos);
}

TEST_CASE("the HTML handout is self-contained, print-ready and escaped") {
    TempDir tmp;
    copy_fixture_corpus(tmp / "content");
    write_file(tmp / "content/notes/x-tricky.md",
               note("Quotes \"&\" <b>tags</b>", "", "Text with `<img src=x onerror=alert(1)>` and [a link](https://example.org)."));
    kb::IndexOptions opt;
    opt.content_dir = tmp / "content";
    opt.db_dir = tmp / "db";
    REQUIRE(kb::index_content(opt).problems.empty());
    const auto db = kb::open_index(tmp / "db");
    const auto h = kb::load_handout(db, {"x-tricky", "a-videoconference"}, "Work<shop>", "2026-01-02");
    const std::string html = kb::handout_html(h);
    CHECK(html.find("<style>") != std::string::npos);
    CHECK(html.find("<link") == std::string::npos);
    CHECK(html.find("<script") == std::string::npos);
    CHECK(html.find("<img") == std::string::npos);
    CHECK(html.find("Work&lt;shop&gt;") != std::string::npos);
    CHECK(html.find("Quotes &quot;&amp;&quot; &lt;b&gt;tags&lt;/b&gt;") != std::string::npos);
    CHECK(html.find("page-break-before: always") != std::string::npos);
    CHECK(html.find("href=\"#note-a-videoconference\"") != std::string::npos);
    CHECK(pos(html, "id=\"note-x-tricky\"") < pos(html, "id=\"note-a-videoconference\""));
    CHECK(html.find("id=\"references\"") != std::string::npos);
    // The only external address is the one the note itself cites, as a plain link.
    std::size_t count = 0;
    for (std::size_t p = html.find("http"); p != std::string::npos; p = html.find("http", p + 1)) ++count;
    CHECK(count == 1);  // the href of the link in the note's own body
}

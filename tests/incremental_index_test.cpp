// Incremental indexing, atomic generations, locking, and bad files that must not damage
// what is already indexed.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include <sys/stat.h>
#include <unistd.h>

#include "content_indexer.h"
#include "index_store.h"
#include "test_support.h"

using namespace kb::test;
namespace fs = std::filesystem;

namespace {

struct Corpus {
    TempDir tmp;
    fs::path content = tmp / "content";
    fs::path db = tmp / "db";
    Corpus() { copy_fixture_corpus(content); }

    kb::IndexSummary index(bool full = false, bool check = false) {
        kb::IndexOptions opt;
        opt.content_dir = content;
        opt.db_dir = db;
        opt.full = full;
        opt.check_only = check;
        return kb::index_content(opt);
    }
    nlohmann::json search(const std::string& q) { return run(kb::open_index(db), {{"q", q}, {"size", "100"}}); }
    long total(const std::string& q) { return search(q)["total"].get<long>(); }
};

bool mentions(const kb::Problems& problems, const std::string& text) {
    for (const auto& p : problems)
        if (p.to_string().find(text) != std::string::npos) return true;
    return false;
}

}  // namespace

TEST_CASE("a first run adds every note and publishes a generation") {
    Corpus c;
    const auto s = c.index();
    CHECK(s.added == 9);
    CHECK(s.failed == 0);
    CHECK(s.rebuilt);
    CHECK(fs::is_symlink(c.db / "current"));
    CHECK(kb::index_version(c.db) == "gen-1");
}

TEST_CASE("an unchanged corpus is skipped entirely") {
    Corpus c;
    c.index();
    const auto s = c.index();
    CHECK(s.unchanged == 9);
    CHECK(s.added + s.updated + s.removed + s.failed == 0);
    CHECK_FALSE(s.rebuilt);
}

TEST_CASE("modified, added and deleted files are updated, added and removed") {
    Corpus c;
    c.index();
    write_file(c.content / "notes/b-philippines.md",
               note("No uniform rules of procedure", "", "Loopholes in domestic laws were found."));
    write_file(c.content / "notes/new-note.md", note("A fresh note", "", "Zebras cooperate internationally."));
    fs::remove(c.content / "notes/f-informal.md");
    const auto s = c.index();
    CHECK(s.added == 1);
    CHECK(s.updated == 1);
    CHECK(s.removed == 1);
    CHECK(s.unchanged == 7);
    CHECK_FALSE(s.rebuilt);
    CHECK(kb::open_index(c.db).get_doccount() == 9);
    CHECK(c.total("loopholes") == 1);
    CHECK(c.total("zebras") == 1);
    CHECK(c.total("\"administrative context\"") == 0);
    CHECK(c.total("stipulated") == 0);  // the old text of b is gone
}

TEST_CASE("a full rebuild (--full) builds into a new generation and removes the old one on the next run") {
    Corpus c;
    c.index();
    const auto s = c.index(true);
    CHECK(s.rebuilt);
    CHECK(s.unchanged == 9);
    CHECK(kb::index_version(c.db) == "gen-2");
    CHECK(fs::exists(c.db / "gen-1"));  // a reader may still be on it
    c.index();
    CHECK_FALSE(fs::exists(c.db / "gen-1"));
    CHECK(kb::open_index(c.db).get_doccount() == 9);
}

TEST_CASE("a note broken after indexing keeps its indexed version and fails the run") {
    Corpus c;
    c.index();
    write_file(c.content / "notes/a-videoconference.md", "---\ntitle: Broken\ntype: nonsense\n---\nBody\n");
    auto s = c.index();
    CHECK(s.failed == 1);
    CHECK(mentions(s.problems, "notes/a-videoconference.md:3: type 'nonsense'"));
    CHECK(c.total("witness") == 1);  // the old version still serves
    // The same holds through a full rebuild.
    s = c.index(true);
    CHECK(s.failed == 1);
    CHECK(c.total("witness") == 1);
    // Fixed: updated on the next run.
    write_file(c.content / "notes/a-videoconference.md", note("Mended", "", "A hippopotamus."));
    s = c.index();
    CHECK(s.failed == 0);
    CHECK(s.updated == 1);
    CHECK(c.total("witness") == 0);
    CHECK(c.total("hippopotamus") == 1);
}

TEST_CASE("a duplicate id is an error naming both files, and the first keeps its place") {
    Corpus c;
    c.index();
    write_file(c.content / "other/a-videoconference.md", note("Same id", "", "Duplicate body."));
    const auto s = c.index();
    CHECK(s.failed == 1);
    REQUIRE(mentions(s.problems, "duplicate id 'a-videoconference'"));
    CHECK(mentions(s.problems, "other/a-videoconference.md"));
    CHECK(mentions(s.problems, "notes/a-videoconference.md"));
    CHECK(c.total("duplicate") == 0);
    CHECK(c.total("witness") == 1);
}

TEST_CASE("two new files with one id both fail") {
    Corpus c;
    write_file(c.content / "x/twin.md", note("One", "", "First twin."));
    write_file(c.content / "y/twin.md", note("Two", "", "Second twin."));
    const auto s = c.index();
    CHECK(s.failed == 2);
    CHECK(s.added == 9);
}

TEST_CASE("checking (--check) validates without creating or touching the index") {
    Corpus c;
    write_file(c.content / "notes/bad.md", "no front matter\n");
    const auto s = c.index(false, true);
    CHECK(s.failed == 1);
    CHECK(mentions(s.problems, "bad.md:1: missing front matter"));
    CHECK_FALSE(fs::exists(c.db));
}

TEST_CASE("a second indexer on the same database fails with a clear message") {
    Corpus c;
    c.index();
    kb::IndexLock held(c.db);
    try {
        c.index();
        FAIL("the second indexer ran");
    } catch (const std::runtime_error& e) {
        CHECK(std::string(e.what()).find("another kb-index is already writing") != std::string::npos);
    }
}

TEST_CASE("a vocabulary change re-validates every note") {
    Corpus c;
    c.index();
    write_file(c.content / "topics.yaml", "topics:\n  - videoconference\n  - mutual legal assistance\n");
    const auto s = c.index();
    CHECK(s.failed == 7);  // every note using another topic
    CHECK(mentions(s.problems, "unknown topic 'extradition'"));
    CHECK(kb::open_index(c.db).get_doccount() == 9);  // their old versions stay
}

TEST_CASE("a broken vocabulary file stops the run before the index is touched") {
    Corpus c;
    c.index();
    write_file(c.content / "concordance.yaml", "articles: [ {id: UNCAC 46, title: x, counterparts: [UNTOC 99]} ]\n");
    write_file(c.content / "notes/zz.md", note("Would be added", "", "Quokka."));
    const auto s = c.index();
    CHECK(mentions(s.problems, "counterpart 'UNTOC 99'"));
    CHECK(c.total("quokka") == 0);
}

TEST_CASE("oversized (2 MB, 50 MB), non-UTF-8 and unreadable files, FIFOs and symlink loops are per-file errors and the rest is indexed") {
    Corpus c;
    write_file(c.content / "notes/huge.md", note("Huge", "", std::string(2 * 1024 * 1024, 'x')));
    write_file(c.content / "notes/fifty.md", note("Fifty megabytes", "", std::string(50 * 1024 * 1024, 'y')));
    write_file(c.content / "notes/latin1.md", note("Caf\xe9 not UTF-8", "", "Extradition."));
    fs::create_symlink("loop.md", c.content / "notes/loop.md");
    fs::create_directory_symlink("..", c.content / "notes/up");  // a directory loop
    REQUIRE(::mkfifo((c.content / "notes/pipe.md").c_str(), 0644) == 0);  // would block a reader
    // Unreadable: only for a user the permission applies to (root reads it anyway).
    write_file(c.content / "notes/secret.md", note("Secret", "", "Unreadable."));
    fs::permissions(c.content / "notes/secret.md", fs::perms::none);
    const bool can_deny = ::geteuid() != 0;
    const auto s = c.index();
    CHECK(s.added == 9 + (can_deny ? 0 : 1));
    CHECK(s.failed == 5 + (can_deny ? 1 : 0));
    if (can_deny) CHECK(mentions(s.problems, "secret.md:1: cannot read the file"));
    CHECK(mentions(s.problems, "pipe.md:1: not a regular file"));
    CHECK(mentions(s.problems, "huge.md:1: the file is 2048 KiB"));
    CHECK(mentions(s.problems, "fifty.md:1: the file is 51200 KiB"));
    CHECK(mentions(s.problems, "latin1.md:2: not valid UTF-8"));
    CHECK(mentions(s.problems, "loop.md:1: cannot read the file"));
}

TEST_CASE("synonyms and the concordance travel with the index") {
    Corpus c;
    c.index();
    const auto db = kb::open_index(c.db);
    CHECK(db.get_metadata("kb:concordance").find("UNTOC 18") != std::string::npos);
    CHECK(db.synonyms_begin("mla") != db.synonyms_end("mla"));
    write_file(c.content / "synonyms.yaml", "synonyms:\n  - [wrt, request writer tool]\n");
    c.index();
    const auto db2 = kb::open_index(c.db);
    CHECK(db2.synonyms_begin("mla") == db2.synonyms_end("mla"));
    CHECK(c.total("wrt") == 1);
}

// kb-index --shards N: N databases searched as one give the same answers as one database.
#include <catch2/catch.hpp>

#include <filesystem>

#include "content_indexer.h"
#include "index_store.h"
#include "test_support.h"

using namespace kb::test;
namespace fs = std::filesystem;

namespace {
kb::IndexSummary index_into(const fs::path& content, const fs::path& db, std::size_t shards) {
    kb::IndexOptions opt;
    opt.content_dir = content;
    opt.db_dir = db;
    opt.shards = shards;
    return kb::index_content(opt);
}
}  // namespace

TEST_CASE("a sharded index answers exactly as a single database") {
    TempDir tmp;
    copy_fixture_corpus(tmp / "content");
    REQUIRE(index_into(tmp / "content", tmp / "single", 1).problems.empty());
    REQUIRE(index_into(tmp / "content", tmp / "sharded", 3).problems.empty());
    CHECK(kb::current_shard_count(tmp / "sharded") == 3);
    CHECK(fs::exists(tmp / "sharded/gen-1/shard-2"));
    const auto single = kb::open_index(tmp / "single");
    const auto sharded = kb::open_index(tmp / "sharded");
    CHECK(sharded.get_doccount() == 9);
    const std::vector<std::vector<std::pair<std::string, std::string>>> requests = {
        {{"q", "extradition"}},
        {{"q", "mla"}},
        {{"q", "\"swift asset returns\""}},
        {{"q", "central authorities"}, {"region", "Western European and Other States Group"}},
        {{"region", "Latin American and Caribbean Group"}, {"type", "finding"}},
        {{"q", "extradtion"}},
    };
    for (const auto& params : requests) {
        const auto a = run(single, params), b = run(sharded, params);
        INFO(params[0].second);
        CHECK(a["total"] == b["total"]);
        CHECK(a["facets"] == b["facets"]);
        CHECK(ids(a) == ids(b));
        CHECK(a["suggestion"] == b["suggestion"]);
    }
}

TEST_CASE("a sharded index is rebuilt whole on a change and keeps its layout") {
    TempDir tmp;
    copy_fixture_corpus(tmp / "content");
    index_into(tmp / "content", tmp / "db", 2);
    auto s = index_into(tmp / "content", tmp / "db", 0);
    CHECK(s.unchanged == 9);
    CHECK_FALSE(s.rebuilt);
    write_file(tmp / "content/notes/new.md", note("Newcomer", "", "Okapi cooperation."));
    s = index_into(tmp / "content", tmp / "db", 0);
    CHECK(s.added == 1);
    CHECK(s.rebuilt);
    CHECK(kb::current_shard_count(tmp / "db") == 2);
    CHECK(run(kb::open_index(tmp / "db"), {{"q", "okapi"}})["total"] == 1);
    // Back to one database.
    s = index_into(tmp / "content", tmp / "db", 1);
    CHECK(s.unchanged == 10);
    CHECK(kb::current_shard_count(tmp / "db") == 1);
    CHECK(kb::open_index(tmp / "db").get_doccount() == 10);
}

TEST_CASE("a broken note keeps its indexed version in a sharded index") {
    TempDir tmp;
    copy_fixture_corpus(tmp / "content");
    index_into(tmp / "content", tmp / "db", 3);
    write_file(tmp / "content/notes/a-videoconference.md", "---\ntitle: Broken\n---\nBody\n");
    write_file(tmp / "content/notes/new.md", note("Newcomer", "", "Okapi cooperation."));
    const auto s = index_into(tmp / "content", tmp / "db", 0);
    CHECK(s.failed == 1);
    const auto db = kb::open_index(tmp / "db");
    CHECK(db.get_doccount() == 10);
    CHECK(run(db, {{"q", "witness"}})["total"] == 1);
}

#include "facet_table.h"

TEST_CASE("the in-memory facet table is only built for one local database") {
    TempDir tmp;
    copy_fixture_corpus(tmp / "content");
    index_into(tmp / "content", tmp / "single", 1);
    index_into(tmp / "content", tmp / "sharded", 2);
    CHECK(kb::FacetTable::build(kb::open_index(tmp / "single")) != nullptr);
    CHECK(kb::FacetTable::build(kb::open_index(tmp / "sharded")) == nullptr);
    CHECK(kb::index_is_local(tmp / "sharded"));
    write_file(tmp / "remote.stub", "remote 127.0.0.1:9\n");
    CHECK_FALSE(kb::index_is_local(tmp / "remote.stub"));
}

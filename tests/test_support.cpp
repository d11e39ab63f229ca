#include "test_support.h"

#include <unistd.h>

#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace kb::test {

TempDir::TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "kb-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path_ = tmpl;
}

TempDir::~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
}

void write_file(const fs::path& path, const std::string& text) {
    fs::create_directories(path.parent_path());
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out << text;
    if (!out) throw std::runtime_error("cannot write " + path.string());
}

void copy_fixture_corpus(const fs::path& dir) {
    fs::copy(fs::path(KB_FIXTURES_DIR) / "corpus", dir, fs::copy_options::recursive);
}

std::string note(const std::string& title, const std::string& extra, const std::string& body) {
    return "---\ntitle: " + title + "\ntype: practice\nsource: Test source, para. 1\ndate: 2013-11-26\n" +
           extra + "---\n" + body + "\n";
}

}  // namespace kb::test

#include <catch2/catch.hpp>

#include "content_indexer.h"
#include "facet_table.h"
#include "index_store.h"

namespace kb::test {

Xapian::Database index_fixture(const fs::path& dir) {
    copy_fixture_corpus(dir / "content");
    IndexOptions opt;
    opt.content_dir = dir / "content";
    opt.db_dir = dir / "db";
    const IndexSummary s = index_content(opt);
    for (const auto& p : s.problems) UNSCOPED_INFO(p.to_string());
    REQUIRE(s.problems.empty());
    return open_index(dir / "db");
}

nlohmann::json run(const Xapian::Database& db, const std::vector<std::pair<std::string, std::string>>& params) {
    auto req = parse_search_request(params);
    if (!req) FAIL("bad request: " << req.error().message);
    auto res = search(db, req.value());
    if (!res) FAIL("search failed: " << res.error().message);
    // The in-memory facet table must give exactly the same answer as Xapian's spies.
    if (const auto table = FacetTable::build(db)) {
        auto fast = search(db, req.value(), table.get());
        if (!fast) FAIL("search with a facet table failed: " << fast.error().message);
        CHECK(fast.value() == res.value());
    }
    return res.value();
}

std::vector<std::string> ids(const nlohmann::json& result) {
    std::vector<std::string> out;
    for (const auto& h : result["hits"]) out.push_back(h["id"]);
    return out;
}

long facet_count(const nlohmann::json& result, const std::string& facet, const std::string& value) {
    for (const auto& row : result["facets"][facet])
        if (row["value"] == value) return row["count"].get<long>();
    return -1;
}

}  // namespace kb::test

// Test helpers: a temporary directory removed at scope exit, and writing fixture files.
#pragma once

#include <filesystem>
#include <string>

namespace kb::test {

class TempDir {
public:
    TempDir();
    ~TempDir();
    TempDir(const TempDir&) = delete;
    TempDir& operator=(const TempDir&) = delete;
    const std::filesystem::path& path() const { return path_; }
    std::filesystem::path operator/(const std::string& rel) const { return path_ / rel; }

private:
    std::filesystem::path path_;
};

// Writes `text` to `path`, creating parent directories.
void write_file(const std::filesystem::path& path, const std::string& text);
// Copies the fixture corpus (tests/fixtures/corpus) into `dir`.
void copy_fixture_corpus(const std::filesystem::path& dir);
// A minimal valid note with the given id-less front matter lines added.
std::string note(const std::string& title, const std::string& extra_front_matter = "",
                 const std::string& body = "Body text of the note.");

}  // namespace kb::test

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "search.h"

namespace kb::test {

// Copies the fixture corpus to dir/content and indexes it into dir/db; returns the database.
Xapian::Database index_fixture(const std::filesystem::path& dir);

// Runs a search given as URL-style parameters; fails the test on a request error.
nlohmann::json run(const Xapian::Database& db, const std::vector<std::pair<std::string, std::string>>& params);
// The ids of the hits, in order.
std::vector<std::string> ids(const nlohmann::json& result);
// count of `value` in facet `facet` (-1 when the value is not listed).
long facet_count(const nlohmann::json& result, const std::string& facet, const std::string& value);

}  // namespace kb::test

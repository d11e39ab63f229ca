// Fuzz target: a search request as outside input. The bytes are read as URL-style
// parameters (one "name=value" per line); valid requests run against a real index of the
// test fixture corpus, built once, and the answer is serialised to JSON as the API does.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <string>

#include "content_indexer.h"
#include "facet_table.h"
#include "index_store.h"
#include "search.h"

namespace {

struct Index {
    Xapian::Database db;
    std::shared_ptr<const kb::FacetTable> table;
    Index() {
        char tmpl[] = "/tmp/kb-fuzz-XXXXXX";
        const std::filesystem::path dir = ::mkdtemp(tmpl);
        kb::IndexOptions opt;
        opt.content_dir = std::filesystem::path(KB_FIXTURES_DIR) / "corpus";
        opt.db_dir = dir / "db";
        kb::index_content(opt);
        db = kb::open_index(opt.db_dir);
        table = kb::FacetTable::build(db);
    }
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static Index index;
    const std::string bytes(reinterpret_cast<const char*>(data), size);
    std::vector<std::pair<std::string, std::string>> params;
    std::size_t start = 0;
    while (start <= bytes.size()) {
        std::size_t end = bytes.find('\n', start);
        if (end == std::string::npos) end = bytes.size();
        const std::string line = bytes.substr(start, end - start);
        const std::size_t eq = line.find('=');
        if (eq == std::string::npos) params.emplace_back("q", line);
        else params.emplace_back(line.substr(0, eq), line.substr(eq + 1));
        start = end + 1;
    }
    auto request = kb::parse_search_request(params);
    if (!request) return 0;
    for (const kb::FacetTable* table : {static_cast<const kb::FacetTable*>(nullptr), index.table.get()}) {
        auto result = kb::search(index.db, request.value(), table);
        if (result) (void)result.value().dump();
    }
    return 0;
}

// DatabasePool: Xapian::Database handles for the server's worker threads. A Database is not
// thread-safe, so each request borrows one for its duration. Every borrow first brings the
// handle up to date: a new generation published by a full rebuild is opened afresh (by its
// own path), an in-place incremental update is picked up with reopen(), and a read that
// still races a writer (DatabaseModifiedError) is retried on a reopened handle. Each handle
// of a local database also carries the in-memory FacetTable of the database as it is now
// (rebuilt only when it changed, and shared by the handles that see the same revision).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <xapian.h>

#include "facet_table.h"

namespace kb::server {

class DatabasePool {
public:
    explicit DatabasePool(std::filesystem::path index_dir);
    DatabasePool(const DatabasePool&) = delete;
    DatabasePool& operator=(const DatabasePool&) = delete;

    const std::filesystem::path& index_dir() const { return dir_; }

    // Runs `fn` with an up-to-date database and its facet table, retrying on
    // DatabaseModifiedError. Throws Xapian::DatabaseError (DatabaseOpeningError,
    // DatabaseCorruptError ...) when the index cannot be opened or read.
    using Reader = std::function<void(const Xapian::Database&, const FacetTable*)>;
    void with_database(const Reader& fn);

private:
    struct Handle {
        std::unique_ptr<Xapian::Database> db;
        std::string version;  // the generation db was opened on (empty: not an index dir)
        std::shared_ptr<const FacetTable> facets;  // of db as it is now, if local
        bool local = false;  // a directory on this machine (a stub file may list remote shards)
    };
    std::unique_ptr<Handle> take();
    void give_back(std::unique_ptr<Handle> handle);
    void refresh(Handle& handle);
    Xapian::Database open_generation(std::string& version) const;
    std::shared_ptr<const FacetTable> facet_table(const Xapian::Database& db);

    std::filesystem::path dir_;
    std::mutex mutex_;
    std::vector<std::unique_ptr<Handle>> idle_;
    // The last table built, with the database it describes (uuid and revision).
    std::shared_ptr<const FacetTable> shared_facets_;
    std::string shared_uuid_;
    Xapian::rev shared_revision_ = 0;
};

}  // namespace kb::server

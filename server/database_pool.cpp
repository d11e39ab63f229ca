#include "database_pool.h"

#include "index_store.h"

namespace kb::server {

namespace {
// A writer commits at most a few times per run; more retries than this means the index is
// being rewritten in a tight loop, and the request is better failed than spun on.
constexpr int MAX_ATTEMPTS = 5;
}  // namespace

DatabasePool::DatabasePool(std::filesystem::path index_dir) : dir_(std::move(index_dir)) {}

std::unique_ptr<DatabasePool::Handle> DatabasePool::take() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (!idle_.empty()) {
            auto h = std::move(idle_.back());
            idle_.pop_back();
            return h;
        }
    }
    return std::make_unique<Handle>();
}

void DatabasePool::give_back(std::unique_ptr<Handle> handle) {
    std::lock_guard<std::mutex> lock(mutex_);
    idle_.push_back(std::move(handle));
}

std::shared_ptr<const FacetTable> DatabasePool::facet_table(const Xapian::Database& db) {
    std::string uuid;
    Xapian::rev revision = 0;
    try {
        uuid = db.get_uuid();
        revision = db.get_revision();
    } catch (const Xapian::InvalidOperationError&) {
        return FacetTable::build(db);  // several shards: no single revision to share by
    }
    {
        std::lock_guard<std::mutex> lock(mutex_);
        if (shared_facets_ && shared_uuid_ == uuid && shared_revision_ == revision) return shared_facets_;
    }
    // Built outside the lock: two threads may both build after a change; one table wins.
    auto table = FacetTable::build(db);
    std::lock_guard<std::mutex> lock(mutex_);
    shared_facets_ = table;
    shared_uuid_ = uuid;
    shared_revision_ = revision;
    return table;
}

// Opens the generation DIR/current points at by its own path, never through the symlink:
// reopen() re-reads the version file by path, and through a switched symlink it would
// mix the new generation's files with the old one's open tables. Other paths (a plain
// database, a stub file of shards) are opened as they are.
Xapian::Database DatabasePool::open_generation(std::string& version) const {
    for (int attempt = 1;; ++attempt) {
        const std::filesystem::path gen = current_generation(dir_);
        if (gen.empty()) {
            version.clear();
            return open_index(dir_);
        }
        version = gen.string();
        try {
            return Xapian::Database(gen.string());
        } catch (const Xapian::DatabaseNotFoundError& e) {
            // Removed by a rebuild that has just published a newer one: open that instead.
            if (attempt == MAX_ATTEMPTS)
                throw Xapian::DatabaseOpeningError("cannot open the index at " + dir_.string() + ": " + e.get_msg());
        } catch (const Xapian::Error& e) {
            throw Xapian::DatabaseOpeningError("cannot open the index at " + dir_.string() + ": " + e.get_msg());
        }
    }
}

void DatabasePool::refresh(Handle& h) {
    const std::string version = current_generation(dir_).string();
    bool fresh = true;
    if (h.db && h.version == version) {
        try {
            // An in-place update may change a note without changing the document count,
            // so any change at all means a new facet table.
            if (h.db->reopen()) h.facets.reset();
            fresh = false;
        } catch (const Xapian::Error&) {
            // The generation under this handle was removed or damaged: open afresh below.
        }
    }
    if (fresh) {
        h.db.reset();
        h.facets.reset();
        h.db = std::make_unique<Xapian::Database>(open_generation(h.version));
        std::error_code ec;
        h.local = !h.version.empty() || std::filesystem::is_directory(dir_, ec);
    }
    if (h.local && !h.facets) h.facets = facet_table(*h.db);
}

void DatabasePool::with_database(const Reader& fn) {
    std::unique_ptr<Handle> h = take();
    // On any other failure the handle is dropped, not returned to the pool.
    for (int attempt = 1;; ++attempt) {
        try {
            refresh(*h);  // reading the facet table can race a writer too
            fn(*h->db, h->facets.get());
            break;
        } catch (const Xapian::DatabaseModifiedError&) {
            if (attempt == MAX_ATTEMPTS) throw;
        }
    }
    give_back(std::move(h));
}

}  // namespace kb::server

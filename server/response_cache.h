// ResponseCache: finished response bodies of the JSON search API, by index state and request
// target, least recently used first out, bounded in bytes. Practitioners repeat queries
// (the home page's browse, a training group running the same search), and a search with exact
// facet counts costs milliseconds of CPU where a cached answer costs microseconds.
//
// Never stale: the key starts with the index's identity and revision (index_state_key), so
// an in-place update or a new generation makes every older entry unreachable; they age out.
#pragma once

#include <cstddef>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

#include <xapian.h>

namespace kb::server {

class ResponseCache {
public:
    // max_bytes 0: caches nothing.
    explicit ResponseCache(std::size_t max_bytes);
    ResponseCache(const ResponseCache&) = delete;
    ResponseCache& operator=(const ResponseCache&) = delete;

    // The body stored under key, or nullptr.
    std::shared_ptr<const std::string> get(const std::string& key);
    // Stores body under key (replacing any), then evicts the least recently used entries
    // until the total is within the limit. A body larger than a sixteenth of the limit is
    // not kept: one huge page must not flush everything else.
    void put(const std::string& key, std::string body);

    std::size_t bytes() const;
    std::size_t entries() const;
    std::size_t hits() const;
    std::size_t misses() const;

private:
    using Entry = std::pair<std::string, std::shared_ptr<const std::string>>;
    const std::size_t max_bytes_;
    mutable std::mutex mutex_;
    std::list<Entry> order_;  // most recently used first
    std::unordered_map<std::string, std::list<Entry>::iterator> by_key_;
    std::size_t bytes_ = 0;
    std::size_t hits_ = 0;
    std::size_t misses_ = 0;
};

// "uuid:revision" of a single local database: changes with every commit and every new
// generation. Empty for a database of several shards or a remote one (no single revision),
// whose answers are then not cached.
std::string index_state_key(const Xapian::Database& db);

}  // namespace kb::server

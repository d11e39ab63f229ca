#include "response_cache.h"

namespace kb::server {

namespace {
// Per entry beyond the body: the key twice (list and map) and the nodes.
std::size_t cost(const std::string& key, const std::string& body) { return 2 * key.size() + body.size() + 128; }
}  // namespace

ResponseCache::ResponseCache(std::size_t max_bytes) : max_bytes_(max_bytes) {}

std::shared_ptr<const std::string> ResponseCache::get(const std::string& key) {
    std::lock_guard<std::mutex> lock(mutex_);
    auto it = by_key_.find(key);
    if (it == by_key_.end()) {
        ++misses_;
        return nullptr;
    }
    ++hits_;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
}

void ResponseCache::put(const std::string& key, std::string body) {
    if (max_bytes_ == 0 || cost(key, body) > max_bytes_ / 16) return;
    auto shared = std::make_shared<const std::string>(std::move(body));
    std::lock_guard<std::mutex> lock(mutex_);
    if (auto it = by_key_.find(key); it != by_key_.end()) {
        bytes_ -= cost(key, *it->second->second);
        order_.erase(it->second);
        by_key_.erase(it);
    }
    order_.emplace_front(key, shared);
    by_key_[key] = order_.begin();
    bytes_ += cost(key, *shared);
    while (bytes_ > max_bytes_ && !order_.empty()) {
        const Entry& last = order_.back();
        bytes_ -= cost(last.first, *last.second);
        by_key_.erase(last.first);
        order_.pop_back();
    }
}

std::size_t ResponseCache::bytes() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return bytes_;
}
std::size_t ResponseCache::entries() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return order_.size();
}
std::size_t ResponseCache::hits() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return hits_;
}
std::size_t ResponseCache::misses() const {
    std::lock_guard<std::mutex> lock(mutex_);
    return misses_;
}

std::string index_state_key(const Xapian::Database& db) {
    if (db.size() != 1) return {};
    try {
        return db.get_uuid() + ":" + std::to_string(db.get_revision());
    } catch (const Xapian::Error&) {
        return {};  // a remote database has no revision to read
    }
}

}  // namespace kb::server

// The on-disk layout of an index directory, and the atomic switch between generations.
//
//   DIR/current   symlink to the generation readers open (switched with rename(2)):
//                 gen-N (one Xapian database) or gen-N/kb.stub (a Xapian stub file
//                 listing the shards gen-N/shard-K)
//   DIR/gen-N     a full rebuild writes a new one, then switches
//   DIR/.lock     held (flock) by the one kb-index that may write
//
// Readers open DIR/current; a reader that opened an older generation keeps a consistent
// view of it, and notices the switch through index_version().
#pragma once

#include <filesystem>
#include <functional>
#include <string>

#include <xapian.h>

namespace kb {

// Exclusive write lock on an index directory (created if missing). Throws
// std::runtime_error naming the directory when another process holds it.
class IndexLock {
public:
    explicit IndexLock(const std::filesystem::path& dir);
    ~IndexLock();
    IndexLock(const IndexLock&) = delete;
    IndexLock& operator=(const IndexLock&) = delete;

private:
    int fd_ = -1;
};

// What DIR/current points at (DIR/gen-N or DIR/gen-N/kb.stub), or an empty path.
std::filesystem::path current_generation(const std::filesystem::path& dir);
// The number of shards of the current generation (1 for a single database, 0 for none).
std::size_t current_shard_count(const std::filesystem::path& dir);
// Writes gen/kb.stub listing gen/shard-0 .. shard-(n-1), as paths relative to DIR.
std::filesystem::path write_shard_stub(const std::filesystem::path& dir, const std::filesystem::path& gen,
                                       std::size_t shards);
// A fresh, not yet existing generation directory: gen-(highest + 1).
std::filesystem::path next_generation(const std::filesystem::path& dir);
// Points DIR/current at `target` (a generation directory or its stub) atomically.
// `before_switch` runs once the new link exists, just before it replaces the old one.
void publish_generation(const std::filesystem::path& dir, const std::filesystem::path& target,
                        const std::function<void()>& before_switch = {});
// Removes every gen-* directory except the current one (left over by killed or older runs).
void remove_stale_generations(const std::filesystem::path& dir);

// Opens an index for reading: DIR/current when DIR is an index directory, otherwise DIR as
// any Xapian database (a glass directory, or a stub file listing shards or remote servers).
// Throws Xapian::DatabaseOpeningError with a message naming the path.
Xapian::Database open_index(const std::filesystem::path& path);

// False when the index (or a stub it opens through) lists a remote server.
bool index_is_local(const std::filesystem::path& path);

// Changes whenever a new generation is published: readers compare it to reopen.
std::string index_version(const std::filesystem::path& path);

}  // namespace kb

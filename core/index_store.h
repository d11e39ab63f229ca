// The on-disk layout of an index directory, and the atomic switch between generations.
//
//   DIR/current   symlink to the generation readers open (switched with rename(2))
//   DIR/gen-N     Xapian databases; a full rebuild writes a new one, then switches
//   DIR/.lock     held (flock) by the one kb-index that may write
//
// Readers open DIR/current; a reader that opened an older generation keeps a consistent
// view of it, and notices the switch through index_version().
#pragma once

#include <filesystem>
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

// The generation DIR/current points at (absolute), or an empty path when there is none.
std::filesystem::path current_generation(const std::filesystem::path& dir);
// A fresh, not yet existing generation directory: gen-(highest + 1).
std::filesystem::path next_generation(const std::filesystem::path& dir);
// Points DIR/current at `gen` atomically.
void publish_generation(const std::filesystem::path& dir, const std::filesystem::path& gen);
// Removes every gen-* directory except the current one (left over by killed or older runs).
void remove_stale_generations(const std::filesystem::path& dir);

// Opens an index for reading: DIR/current when DIR is an index directory, otherwise DIR as
// any Xapian database (a glass directory, or a stub file listing shards or remote servers).
// Throws Xapian::DatabaseOpeningError with a message naming the path.
Xapian::Database open_index(const std::filesystem::path& path);

// Changes whenever a new generation is published: readers compare it to reopen.
std::string index_version(const std::filesystem::path& path);

}  // namespace kb

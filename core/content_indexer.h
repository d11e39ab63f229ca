// index_content: one kb-index run. Reads and validates content/, then brings the index up
// to date (incremental by default, a full rebuild into a new generation when asked or
// needed), atomically, under the index directory's write lock.
#pragma once

#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <string_view>

#include "diagnostics.h"

namespace kb {

struct IndexOptions {
    std::filesystem::path content_dir;
    std::filesystem::path db_dir;  // ignored by check_only
    bool full = false;             // rebuild everything into a new generation
    bool check_only = false;       // validate only; never touch the index
    // Shards to write: 0 keeps the current layout (one database unless the index was
    // built with shards), 1 writes one database, N > 1 writes N shards (by a stable hash
    // of the note id) and a stub listing them. A sharded index is rebuilt whole whenever
    // a note changes, so that the switch stays atomic across shards.
    std::size_t shards = 0;
    // Called after each note file is handled: (files done, files in all).
    std::function<void(std::size_t, std::size_t)> progress;
    // Called at the run's checkpoints, so that a test can stop a run at a known point of its
    // work (kb-index's KB_INDEX_STOP_AT), whatever the machine's speed. `point` is one of
    //   "read"    after a note file is read and parsed (n: files read so far)
    //   "write"   after a note is written to the new generation or the transaction (n: notes
    //             written so far, all writers together)
    //   "merge"   before the parts of a parallel build are merged (n: 1)
    //   "switch"  after the new `current` link is made, before it replaces the old (n: 1)
    //   "commit"  before an in-place transaction is committed (n: 1)
    // May be called from several threads at once.
    std::function<void(std::string_view point, std::size_t n)> checkpoint;
};

struct IndexSummary {
    std::size_t files = 0;      // note files found
    std::size_t added = 0, updated = 0, removed = 0, unchanged = 0;
    std::size_t failed = 0;     // files with problems (their earlier version, if any, kept)
    Problems problems;          // every problem, each with file and line
    bool rebuilt = false;       // a new generation was built and published
    double seconds = 0;
    std::size_t bytes = 0;      // bytes of note files read
    // Set when --full found the previous index unreadable (why): it was rebuilt from the
    // content alone, so broken notes had no earlier version to keep.
    std::string damaged_index;
};

// Throws std::runtime_error (lock held, I/O) or Xapian::Error; problems in the content
// are returned in the summary, never thrown.
IndexSummary index_content(const IndexOptions& options);

}  // namespace kb

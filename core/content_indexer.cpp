#include "content_indexer.h"

#include <chrono>
#include <map>
#include <optional>
#include <set>
#include <thread>
#include <algorithm>
#include <atomic>
#include <exception>

#include <xapian.h>

#include "content_files.h"
#include "front_matter.h"
#include "hash.h"
#include "index_store.h"
#include "index_writer.h"
#include "schema.h"
#include "vocabulary.h"

namespace fs = std::filesystem;

namespace kb {

namespace {

// Below this many notes one writer is as fast as several.
constexpr size_t PARALLEL_MIN_NOTES = 2000;
constexpr size_t MAX_WRITERS = 8;
// An incremental run with more changes than this (and than a tenth of the index) builds
// a new generation instead of changing the current one in place.
constexpr size_t REBUILD_MIN_CHANGES = 1000;
// A writer commits every so many notes to bound its memory.
constexpr size_t COMMIT_EVERY = 4000;

// The run's checkpoints (IndexOptions::checkpoint), with the count of notes written by all
// writers together.
class Checkpoints {
public:
    explicit Checkpoints(const IndexOptions& opt) : opt_(opt) {}
    void read(std::size_t files_read) const {
        if (opt_.checkpoint) opt_.checkpoint("read", files_read);
    }
    void written() {
        if (opt_.checkpoint) opt_.checkpoint("write", ++written_);
    }
    void at(std::string_view point) const {
        if (opt_.checkpoint) opt_.checkpoint(point, 1);
    }

private:
    const IndexOptions& opt_;
    std::atomic<std::size_t> written_{0};
};

// What the current index holds for one source file.
struct Indexed {
    Xapian::docid docid;
    std::string id;
    std::string hash;
};

std::map<std::string, Indexed> read_indexed(const Xapian::Database& db) {
    std::map<std::string, Indexed> out;
    for (auto it = db.valuestream_begin(SLOT_PATH); it != db.valuestream_end(SLOT_PATH); ++it) {
        const Xapian::Document doc = db.get_document(it.get_docid());
        out[*it] = {it.get_docid(), doc.get_value(SLOT_ID), doc.get_value(SLOT_HASH)};
    }
    return out;
}

// One note file's fate in this run.
struct FileState {
    std::string path;
    std::string hash;
    std::optional<Document> doc;  // parsed: new or changed, and valid
    bool unchanged = false;
    bool failed = false;
    std::string id;               // the id this file holds in the new index, if any
};

// Writes every note of `states` into a new database at `gen`. Large corpora are split into
// contiguous parts written in parallel (one Xapian writer each), then merged in file order
// by Xapian's compaction, which also leaves the database compact.
void build_generation(const fs::path& gen, std::vector<FileState>& states,
                      const std::map<std::string, Indexed>& indexed, const Xapian::Database* current,
                      const Vocabulary& vocab, Checkpoints& checkpoints) {
    const size_t parts = states.size() < PARALLEL_MIN_NOTES
                             ? 1
                             : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, MAX_WRITERS);
    // Part k writes states [bounds[k], bounds[k+1]) into its own database.
    std::vector<size_t> bounds;
    for (size_t k = 0; k <= parts; ++k) bounds.push_back(states.size() * k / parts);
    std::vector<fs::path> paths;
    for (size_t k = 0; k < parts; ++k)
        paths.push_back(parts == 1 ? gen : fs::path(gen.string() + ".part-" + std::to_string(k)));

    std::vector<std::exception_ptr> errors(parts);
    auto write_part = [&](size_t k) {
        try {
            // Parts are scratch, merged by compaction into the generation: no fsync per commit.
            IndexWriter w(paths[k].string(), true, /*durable=*/parts == 1);
            size_t since_commit = 0;
            for (size_t i = bounds[k]; i < bounds[k + 1]; ++i) {
                if (states[i].doc) {
                    w.add(*states[i].doc);
                    states[i].doc.reset();  // the body is no longer needed: keep memory flat
                    checkpoints.written();
                }
                if (++since_commit == COMMIT_EVERY) {
                    w.commit();  // bounds memory; the part is private until merged
                    since_commit = 0;
                }
            }
            if (k == 0) {
                // A broken note keeps its indexed version. Only part 0 reads the current
                // database, since a Database is not thread-safe.
                for (const auto& st : states)
                    if (auto old = indexed.find(st.path); st.failed && current && old != indexed.end())
                        w.add_indexed(current->get_document(old->second.docid));
                w.store_vocabulary(vocab);
            }
            w.commit();
        } catch (...) {
            errors[k] = std::current_exception();
        }
    };
    std::vector<std::thread> threads;
    for (size_t k = 1; k < parts; ++k) threads.emplace_back(write_part, k);
    write_part(0);
    for (auto& t : threads) t.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
    if (parts == 1) return;

    checkpoints.at("merge");
    Xapian::Database all;
    for (const auto& p : paths) all.add_database(Xapian::Database(p.string()));
    all.compact(gen.string());
    std::error_code ec;
    for (const auto& p : paths) fs::remove_all(p, ec);
}

// Writes the notes into `shards` databases gen/shard-K, each note into the shard chosen by a
// stable hash of its id, the shards in parallel (one Xapian writer each).
void build_shards(const fs::path& gen, std::size_t shards, std::vector<FileState>& states,
                  const std::map<std::string, Indexed>& indexed, const Xapian::Database* current,
                  const Vocabulary& vocab, Checkpoints& checkpoints) {
    fs::create_directories(gen);
    auto shard_of = [&](const std::string& id) { return std::stoull(content_hash(id), nullptr, 16) % shards; };
    auto path_of = [&](std::size_t k) { return (gen / ("shard-" + std::to_string(k))).string(); };
    std::vector<std::exception_ptr> errors(shards);
    std::atomic<std::size_t> next{0};
    auto worker = [&] {
        for (std::size_t k; (k = next++) < shards;) {
            try {
                IndexWriter w(path_of(k), true);
                size_t since_commit = 0;
                for (auto& st : states) {
                    if (!st.doc || shard_of(st.doc->id) != k) continue;
                    w.add(*st.doc);
                    checkpoints.written();
                    if (++since_commit == COMMIT_EVERY) {
                        w.commit();
                        since_commit = 0;
                    }
                }
                w.store_vocabulary(vocab);  // every shard: metadata and synonyms are per database
                w.commit();
            } catch (...) {
                errors[k] = std::current_exception();
            }
        }
    };
    std::vector<std::thread> threads;
    const std::size_t n = std::clamp<std::size_t>(std::thread::hardware_concurrency(), 1, shards);
    for (std::size_t t = 1; t < n; ++t) threads.emplace_back(worker);
    worker();
    for (auto& t : threads) t.join();
    for (auto& e : errors)
        if (e) std::rethrow_exception(e);
    // A broken note keeps its indexed version (read here, in one thread: a Database is not
    // thread-safe).
    for (const auto& st : states) {
        auto old = indexed.find(st.path);
        if (!st.failed || !current || old == indexed.end() || old->second.id.empty()) continue;
        IndexWriter w(path_of(shard_of(old->second.id)), false);
        w.add_indexed(current->get_document(old->second.docid));
        w.commit();
    }
}

}  // namespace

IndexSummary index_content(const IndexOptions& opt) {
    const auto start = std::chrono::steady_clock::now();
    IndexSummary sum;
    Checkpoints checkpoints(opt);

    const Vocabulary vocab = load_vocabulary(opt.content_dir, sum.problems);
    if (!sum.problems.empty()) {
        // Without sound vocabularies no note can be checked: stop before touching anything.
        sum.failed = sum.problems.size();
        return sum;
    }
    const std::vector<std::string> files = list_note_files(opt.content_dir, sum.problems);
    sum.files = files.size();

    std::optional<IndexLock> lock;
    std::optional<Xapian::Database> current;
    std::map<std::string, Indexed> indexed;
    bool rebuild = opt.full;
    bool revalidate = false;
    std::size_t shards = std::max<std::size_t>(opt.shards, 1);
    if (!opt.check_only) {
        lock.emplace(opt.db_dir);
        remove_stale_generations(opt.db_dir);
        const fs::path gen = current_generation(opt.db_dir);
        const std::size_t have = current_shard_count(opt.db_dir);
        if (opt.shards == 0) shards = std::max<std::size_t>(have, 1);
        if (gen.empty() || have != shards) rebuild = true;
        if (!gen.empty()) {
            try {
                current.emplace((opt.db_dir / "current").string());  // a stub resolves from there
                if (current->get_metadata(META_SCHEMA) != std::to_string(SCHEMA_VERSION)) rebuild = true;
                revalidate = current->get_metadata(META_VOCAB_HASH) != vocab.hash;
                indexed = read_indexed(*current);
            } catch (const Xapian::DatabaseError& e) {
                // A damaged index (a truncated or overwritten file) must never block the
                // way back: --full rebuilds from the content alone. In place, the damage
                // would be carried on, so that is refused with the way out.
                if (!opt.full)
                    throw std::runtime_error("the index at " + opt.db_dir.string() + " is damaged (" + e.get_msg() +
                                             "); rebuild it from the content with --full");
                current.reset();
                indexed.clear();
                revalidate = false;
                rebuild = true;
                sum.damaged_index = e.get_msg();
            }
        }
    }

    // Read, hash and (where needed) parse every file, on every core: reading and Markdown
    // rendering are a tenth of a full build. Each file's state and problems go to its own
    // slot, merged in file order below, so the outcome does not depend on the threads.
    std::vector<FileState> states(files.size());
    std::vector<Problems> problems_of(files.size());
    std::vector<std::size_t> bytes_of(files.size(), 0);
    auto scan = [&](size_t i) {
        FileState& st = states[i];
        st.path = files[i];
        const std::string shown = (opt.content_dir / files[i]).string();
        Problems& file_problems = problems_of[i];
        auto bytes = read_note_file(opt.content_dir, files[i], file_problems);
        for (auto& p : file_problems) p.path = shown;
        if (bytes) {
            bytes_of[i] = bytes->size();
            st.hash = content_hash(*bytes);
            auto old = indexed.find(st.path);
            // A sharded index is rebuilt whole on any change, so every note is parsed.
            if (!rebuild && !revalidate && shards == 1 && old != indexed.end() && old->second.hash == st.hash) {
                st.unchanged = true;
                st.id = old->second.id;
            } else {
                ParsedNote parsed = parse_note(*bytes, shown, default_note_id(files[i]), vocab);
                file_problems.insert(file_problems.end(), parsed.problems.begin(), parsed.problems.end());
                if (parsed.document) {
                    st.doc = std::move(parsed.document);
                    st.doc->path = st.path;
                    st.doc->hash = st.hash;
                    st.id = st.doc->id;
                }
            }
        }
        if (!file_problems.empty()) {
            st.failed = true;
            auto old = indexed.find(st.path);
            st.id = old != indexed.end() ? old->second.id : std::string();
        }
    };
    {
        std::atomic<size_t> next{0}, done{0};
        auto worker = [&](bool reports) {
            for (size_t i; (i = next++) < files.size();) {
                scan(i);
                const size_t d = ++done;
                checkpoints.read(d);
                if (reports && opt.progress) opt.progress(d, files.size());  // one thread calls back
            }
        };
        const size_t n = files.size() < 64 ? 1 : std::clamp<size_t>(std::thread::hardware_concurrency(), 1, MAX_WRITERS);
        std::vector<std::thread> threads;
        for (size_t t = 1; t < n; ++t) threads.emplace_back(worker, false);
        worker(true);
        for (auto& t : threads) t.join();
        if (opt.progress && !files.empty()) opt.progress(files.size(), files.size());
    }
    for (size_t i = 0; i < files.size(); ++i) {
        sum.bytes += bytes_of[i];
        sum.problems.insert(sum.problems.end(), problems_of[i].begin(), problems_of[i].end());
    }

    // Duplicate ids: a new or changed file may not take an id another file holds.
    std::map<std::string, std::vector<FileState*>> by_id;
    for (auto& st : states)
        if (!st.id.empty()) by_id[st.id].push_back(&st);
    for (auto& [id, holders] : by_id) {
        if (holders.size() < 2) continue;
        for (FileState* st : holders) {
            if (!st->doc) continue;  // unchanged or failed files keep what they had
            std::string others;
            for (FileState* o : holders)
                if (o != st) others += (others.empty() ? "" : ", ") + (opt.content_dir / o->path).string();
            sum.problems.push_back({(opt.content_dir / st->path).string(), 1,
                                    "duplicate id '" + id + "': also used by " + others});
            st->doc.reset();
            st->failed = true;
            auto old = indexed.find(st->path);
            st->id = old != indexed.end() && old->second.id != id ? old->second.id : std::string();
        }
    }

    for (const auto& st : states) {
        auto old = indexed.find(st.path);
        if (st.failed) ++sum.failed;
        else if (old == indexed.end()) ++sum.added;
        else if (st.unchanged || old->second.hash == st.hash) ++sum.unchanged;
        else ++sum.updated;
    }
    std::set<std::string> present(files.begin(), files.end());
    for (const auto& [path, _] : indexed)
        if (!present.count(path)) ++sum.removed;

    auto finish = [&] {
        sum.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        return sum;
    };
    if (opt.check_only) return finish();

    if (!rebuild && shards > 1) {
        if (sum.added + sum.updated + sum.removed + sum.failed == 0 && !revalidate) return finish();
        rebuild = true;
    }
    // Many changes: a new generation is faster (parallel, no copy-on-write of the old
    // tables) and a failure (a full disk) leaves nothing behind in the serving database.
    const std::size_t changes = sum.added + sum.updated + sum.removed;
    if (!rebuild && changes > std::max<std::size_t>(REBUILD_MIN_CHANGES, indexed.size() / 10)) {
        rebuild = true;
        for (auto& st : states) {
            if (!st.unchanged) continue;
            Problems ignored;  // read and parsed fine a moment ago
            auto bytes = read_note_file(opt.content_dir, st.path, ignored);
            ParsedNote parsed;
            if (bytes) parsed = parse_note(*bytes, st.path, default_note_id(st.path), vocab);
            if (!parsed.document) {  // changed under our feet: keep the indexed version
                st.failed = true;
                continue;
            }
            st.doc = std::move(parsed.document);
            st.doc->path = st.path;
            st.doc->hash = content_hash(*bytes);
        }
    }
    if (rebuild) {
        // Build a whole new generation beside the current one, then switch to it.
        const fs::path gen = next_generation(opt.db_dir);
        const auto before_switch = [&] { checkpoints.at("switch"); };
        if (shards == 1) {
            build_generation(gen, states, indexed, current ? &*current : nullptr, vocab, checkpoints);
            publish_generation(opt.db_dir, gen, before_switch);
        } else {
            build_shards(gen, shards, states, indexed, current ? &*current : nullptr, vocab, checkpoints);
            publish_generation(opt.db_dir, write_shard_stub(opt.db_dir, gen, shards), before_switch);
        }
        sum.rebuilt = true;
        return finish();
    }

    // Incremental: change the current generation in place, in one transaction, so a
    // reader (or a kill) sees either all of this run or none of it.
    current.reset();
    IndexWriter w(current_generation(opt.db_dir).string(), false);
    w.begin();
    for (const auto& st : states) {
        if (!st.doc) continue;
        auto old = indexed.find(st.path);
        if (old != indexed.end()) w.replace(old->second.docid, *st.doc);
        else w.add(*st.doc);
        checkpoints.written();
    }
    for (const auto& [path, entry] : indexed)
        if (!present.count(path)) w.remove(entry.docid);
    w.store_vocabulary(vocab);
    checkpoints.at("commit");
    w.commit();
    return finish();
}

}  // namespace kb

// kb-index: builds or updates the search index from the notes in a content directory.
#include <unistd.h>

#include <algorithm>
#include <charconv>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <iostream>
#include <optional>
#include <string_view>

#include <CLI/CLI.hpp>
#include <xapian.h>

#include "content_indexer.h"
#include "version.h"

namespace {

// Shows progress once a run has lasted a second: a bar on a terminal, else a line per 10%.
class Progress {
public:
    void operator()(std::size_t done, std::size_t total) {
        const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
        if (elapsed < 1.0 || total == 0) return;
        if (tty_) {
            const int width = 30;
            const int filled = static_cast<int>(width * done / total);
            std::fprintf(stderr, "\r  reading notes [%-*s] %zu/%zu", width,
                         std::string(static_cast<size_t>(filled), '#').c_str(), done, total);
            if (done == total) std::fputs("\n", stderr);
            shown_ = true;
        } else if (done * 10 / total != last_tenth_) {
            last_tenth_ = done * 10 / total;
            std::fprintf(stderr, "  read %zu of %zu notes (%.1f s)\n", done, total, elapsed);
        }
    }

private:
    std::chrono::steady_clock::time_point start_ = std::chrono::steady_clock::now();
    bool tty_ = ::isatty(2) != 0;
    bool shown_ = false;
    std::size_t last_tenth_ = 0;
};

// For tests of atomicity: KB_INDEX_STOP_AT=POINT:N makes the run stop itself (SIGSTOP) at
// its Nth checkpoint POINT (read, write, merge, switch, commit: see IndexOptions), so that
// a test kills it at a known point of its work rather than after a guessed delay.
struct StopAt {
    std::string point;
    std::size_t n = 0;

    static std::optional<StopAt> from_environment() {
        const char* text = std::getenv("KB_INDEX_STOP_AT");
        if (!text || !*text) return std::nullopt;
        const std::string_view spec(text);
        const auto colon = spec.find(':');
        StopAt s;
        if (colon != std::string_view::npos) {
            s.point = std::string(spec.substr(0, colon));
            const auto digits = spec.substr(colon + 1);
            auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), s.n);
            if (ec != std::errc() || end != digits.data() + digits.size()) s.n = 0;
        }
        static const char* points[] = {"read", "write", "merge", "switch", "commit"};
        if (s.n == 0 || std::find(std::begin(points), std::end(points), s.point) == std::end(points))
            throw std::invalid_argument("KB_INDEX_STOP_AT must be POINT:N with POINT one of read, write, merge, "
                                        "switch, commit and N >= 1, not '" + std::string(spec) + "'");
        return s;
    }

    void operator()(std::string_view at, std::size_t count) const {
        if (at != point || count != n) return;
        std::fprintf(stderr, "kb-index: stopped at %s:%zu (KB_INDEX_STOP_AT)\n", point.c_str(), n);
        std::raise(SIGSTOP);
    }
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"kb-index: builds or updates the knowledge base's search index from Markdown notes.\n"
                 "Incremental by default (only added, changed and removed notes are processed);\n"
                 "the new index becomes visible atomically, and a failed run leaves the old one serving."};
    kb::IndexOptions opt;
    std::string content, db;
    app.add_option("--content", content, "Directory of notes (*.md) and vocabularies (topics.yaml, ...)")
        ->required();
    app.add_option("--db", db, "Index directory to create or update (not needed with --check)");
    app.add_flag("--check", opt.check_only, "Validate every note and vocabulary; do not touch the index");
    app.add_flag("--full", opt.full, "Rebuild the whole index instead of updating it");
    app.add_option("--shards", opt.shards,
                   "Write N shard databases and a stub listing them (searched as one); 1 returns to a\n"
                   "single database; default: keep the current layout")
        ->check(CLI::Range(1, 64));
    app.set_version_flag("--version", std::string("kb-index ") + kb::version());
    CLI11_PARSE(app, argc, argv);

    if (!opt.check_only && db.empty()) {
        std::cerr << "kb-index: --db DIR is required (or use --check to validate only)\n";
        return 2;
    }
    opt.content_dir = content;
    opt.db_dir = db;
    Progress progress;
    opt.progress = std::ref(progress);
    try {
        if (auto stop = StopAt::from_environment()) opt.checkpoint = *stop;
    } catch (const std::invalid_argument& e) {
        std::cerr << "kb-index: " << e.what() << "\n";
        return 2;
    }

    try {
        const kb::IndexSummary s = kb::index_content(opt);
        for (const auto& p : s.problems) std::cerr << p.to_string() << "\n";
        if (!s.damaged_index.empty())
            std::cerr << "kb-index: the previous index could not be read (" << s.damaged_index
                      << "): rebuilt from the content alone\n";
        const double rate = s.seconds > 0 ? static_cast<double>(s.files) / s.seconds : 0.0;
        if (opt.check_only) {
            std::printf("checked %zu notes: %zu with problems, %zu problems in all (%.2f s)\n", s.files,
                        s.failed, s.problems.size(), s.seconds);
        } else {
            std::printf("%s %s: %zu added, %zu updated, %zu removed, %zu unchanged, %zu failed "
                        "in %.2f s (%.0f notes/s, %.1f MB)\n",
                        s.rebuilt ? "rebuilt" : "updated", db.c_str(), s.added, s.updated, s.removed,
                        s.unchanged, s.failed, s.seconds, rate, static_cast<double>(s.bytes) / 1e6);
        }
        return s.problems.empty() ? 0 : 1;
    } catch (const Xapian::Error& e) {
        std::cerr << "kb-index: " << e.get_description() << "\n";
    } catch (const std::exception& e) {
        std::cerr << "kb-index: " << e.what() << "\n";
    }
    return 1;
}

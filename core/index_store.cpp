#include "index_store.h"

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <stdexcept>

namespace fs = std::filesystem;

namespace kb {

IndexLock::IndexLock(const fs::path& dir) {
    fs::create_directories(dir);
    const fs::path lock = dir / ".lock";
    fd_ = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
    if (fd_ < 0)
        throw std::runtime_error("cannot open " + lock.string() + ": " + std::strerror(errno));
    if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
        ::close(fd_);
        fd_ = -1;
        throw std::runtime_error("another kb-index is already writing to " + dir.string() +
                                 " (lock " + lock.string() + " is held); wait for it to finish");
    }
}

IndexLock::~IndexLock() {
    if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

fs::path current_generation(const fs::path& dir) {
    std::error_code ec;
    const fs::path link = dir / "current";
    if (!fs::is_symlink(link, ec)) return {};
    const fs::path target = fs::read_symlink(link, ec);
    if (ec) return {};
    return target.is_absolute() ? target : dir / target;
}

std::size_t current_shard_count(const fs::path& dir) {
    const fs::path gen = current_generation(dir);
    if (gen.empty()) return 0;
    if (gen.filename() != "kb.stub") return 1;
    std::ifstream in(gen);
    std::size_t n = 0;
    for (std::string line; std::getline(in, line);)
        if (line.rfind("auto ", 0) == 0) ++n;
    return n;
}

fs::path write_shard_stub(const fs::path& dir, const fs::path& gen, std::size_t shards) {
    const fs::path stub = gen / "kb.stub";
    std::ofstream out(stub);
    // Xapian resolves a stub's relative paths from the directory of the path it was opened
    // by (DIR/current), so they are written relative to DIR.
    for (std::size_t k = 0; k < shards; ++k)
        out << "auto " << (gen.lexically_relative(dir) / ("shard-" + std::to_string(k))).generic_string() << "\n";
    out.close();
    if (!out) throw std::runtime_error("cannot write " + stub.string());
    return stub;
}

static long generation_number(const fs::path& p) {
    const std::string name = p.filename().string();
    if (name.rfind("gen-", 0) != 0) return -1;
    try {
        return std::stol(name.substr(4));
    } catch (...) {
        return -1;
    }
}

fs::path next_generation(const fs::path& dir) {
    long highest = 0;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) highest = std::max(highest, generation_number(e.path()));
    return dir / ("gen-" + std::to_string(highest + 1));
}

void publish_generation(const fs::path& dir, const fs::path& target, const std::function<void()>& before_switch) {
    const fs::path tmp = dir / "current.new";
    std::error_code ec;
    fs::remove(tmp, ec);
    fs::create_symlink(target.lexically_relative(dir), tmp);
    if (before_switch) before_switch();
    // The directory entry "current" is replaced in one step: a reader sees old or new.
    if (::rename(tmp.c_str(), (dir / "current").c_str()) != 0)
        throw std::runtime_error("cannot switch " + (dir / "current").string() + ": " + std::strerror(errno));
    const int dfd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (dfd >= 0) {
        ::fsync(dfd);
        ::close(dfd);
    }
}

void remove_stale_generations(const fs::path& dir) {
    const fs::path current = current_generation(dir);
    const fs::path keep = current.empty() ? fs::path() : *current.lexically_relative(dir).begin();
    std::error_code ec;
    for (const auto& e : fs::directory_iterator(dir, ec)) {
        if (generation_number(e.path()) < 0 || e.path().filename() == keep) continue;
        fs::remove_all(e.path(), ec);
    }
}

Xapian::Database open_index(const fs::path& path) {
    std::error_code ec;
    if (!fs::exists(path, ec))
        throw Xapian::DatabaseOpeningError("no index at " + path.string() + ": run kb-index first");
    if (fs::is_directory(path, ec) && fs::exists(path / ".lock", ec) && !fs::exists(path / "current", ec))
        throw Xapian::DatabaseOpeningError("the index at " + path.string() +
                                           " has no finished generation yet: run kb-index to completion");
    const fs::path target = fs::exists(path / "current", ec) ? path / "current" : path;
    try {
        return Xapian::Database(target.string());
    } catch (const Xapian::Error& e) {
        throw Xapian::DatabaseOpeningError("cannot open the index at " + path.string() + ": " + e.get_msg());
    }
}

bool index_is_local(const fs::path& path) {
    std::error_code ec;
    const fs::path target = fs::exists(path / "current", ec) ? path / "current" : path;
    if (!fs::is_regular_file(target, ec)) return true;  // a database directory
    std::ifstream in(target);
    for (std::string line; std::getline(in, line);)
        if (line.rfind("remote", 0) == 0) return false;
    return true;
}

std::string index_version(const fs::path& path) {
    std::error_code ec;
    const fs::path target = fs::read_symlink(path / "current", ec);
    return ec ? std::string() : target.string();
}

}  // namespace kb

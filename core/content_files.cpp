#include "content_files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace kb {

namespace {

bool is_hidden(const fs::path& name) {
    const std::string s = name.filename().string();
    return !s.empty() && (s[0] == '.' || s[0] == '_');
}

bool is_readme(const fs::path& p) {
    std::string s = p.filename().string();
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
    return s == "readme.md";
}

}  // namespace

std::vector<std::string> list_note_files(const fs::path& dir, Problems& problems) {
    std::vector<std::string> out;
    std::error_code ec;
    fs::recursive_directory_iterator it(dir, fs::directory_options::skip_permission_denied, ec);
    if (ec) {
        problems.push_back({dir.string(), 0, "cannot read the content directory: " + ec.message()});
        return out;
    }
    for (; it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) {
            problems.push_back({dir.string(), 0, "cannot read part of the content directory: " + ec.message()});
            ec.clear();
            continue;
        }
        const fs::path& p = it->path();
        if (is_hidden(p)) {
            if (it->is_directory(ec)) it.disable_recursion_pending();
            continue;
        }
        if (p.extension() != ".md" || is_readme(p)) continue;
        if (it->is_directory(ec)) continue;  // a directory named x.md
        out.push_back(p.lexically_relative(dir).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<std::string> read_note_file(const fs::path& dir, const std::string& rel,
                                          Problems& problems) {
    const fs::path p = dir / rel;
    const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
    if (fd < 0) {
        problems.push_back({rel, 0, std::string("cannot read the file: ") + std::strerror(errno)});
        return std::nullopt;
    }
    struct FdCloser {
        int fd;
        ~FdCloser() { ::close(fd); }
    } closer{fd};
    struct stat st {};
    if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
        problems.push_back({rel, 0, "not a regular file"});
        return std::nullopt;
    }
    if (static_cast<std::uintmax_t>(st.st_size) > MAX_NOTE_BYTES) {
        problems.push_back({rel, 0, "the file is " + std::to_string(st.st_size / 1024) +
                                        " KiB; a note may be at most " +
                                        std::to_string(MAX_NOTE_BYTES / 1024) + " KiB"});
        return std::nullopt;
    }
    std::string bytes(static_cast<size_t>(st.st_size), '\0');
    size_t got = 0;
    while (got < bytes.size()) {
        const ssize_t n = ::read(fd, bytes.data() + got, bytes.size() - got);
        if (n < 0 && errno == EINTR) continue;
        if (n < 0) {
            problems.push_back({rel, 0, std::string("error while reading the file: ") + std::strerror(errno)});
            return std::nullopt;
        }
        if (n == 0) break;
        got += static_cast<size_t>(n);
    }
    bytes.resize(got);
    return bytes;
}

std::string default_note_id(const std::string& rel) {
    return fs::path(rel).stem().string();
}

}  // namespace kb

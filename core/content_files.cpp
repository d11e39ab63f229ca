#include "content_files.h"

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

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
        out.push_back(fs::relative(p, dir, ec).generic_string());
    }
    std::sort(out.begin(), out.end());
    return out;
}

std::optional<std::string> read_note_file(const fs::path& dir, const std::string& rel,
                                          Problems& problems) {
    const fs::path p = dir / rel;
    std::error_code ec;
    const auto status = fs::status(p, ec);
    if (ec) {
        problems.push_back({rel, 0, "cannot read the file: " + ec.message()});
        return std::nullopt;
    }
    if (!fs::is_regular_file(status)) {
        problems.push_back({rel, 0, "not a regular file"});
        return std::nullopt;
    }
    const auto size = fs::file_size(p, ec);
    if (!ec && size > MAX_NOTE_BYTES) {
        problems.push_back({rel, 0, "the file is " + std::to_string(size / 1024) +
                                        " KiB; a note may be at most " +
                                        std::to_string(MAX_NOTE_BYTES / 1024) + " KiB"});
        return std::nullopt;
    }
    std::ifstream in(p, std::ios::binary);
    if (!in) {
        problems.push_back({rel, 0, std::string("cannot open the file: ") + std::strerror(errno)});
        return std::nullopt;
    }
    std::ostringstream ss;
    ss << in.rdbuf();
    if (in.bad()) {
        problems.push_back({rel, 0, "error while reading the file"});
        return std::nullopt;
    }
    return ss.str();
}

std::string default_note_id(const std::string& rel) {
    return fs::path(rel).stem().string();
}

}  // namespace kb

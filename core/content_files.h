// Finding and reading the note files of a content directory.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "diagnostics.h"

namespace kb {

// Notes larger than this are refused: a note is a page, not a book.
inline constexpr std::uintmax_t MAX_NOTE_BYTES = 1024 * 1024;

// Paths (relative to `dir`, '/'-separated, sorted) of every *.md file under `dir`, except
// README.md files and anything whose name starts with '.' or '_'. Directory symlinks are
// not followed (so a symlink loop cannot trap the walk). Unreadable directories are
// reported in `problems` and skipped.
std::vector<std::string> list_note_files(const std::filesystem::path& dir, Problems& problems);

// The bytes of one note, or nullopt with a problem (unreadable, too large, not a file).
std::optional<std::string> read_note_file(const std::filesystem::path& dir, const std::string& rel,
                                          Problems& problems);

// "findings/finding-x.md" -> "finding-x"
std::string default_note_id(const std::string& rel);

}  // namespace kb

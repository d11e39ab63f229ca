// WebAssets: the templates and static files of the web UI, read once at start-up from a
// web directory (templates/*.mustache, static/*). Static files are served only from this
// in-memory table, so no request path ever reaches the file system.
#pragma once

#include <filesystem>
#include <map>
#include <string>

namespace kb::server {

struct StaticFile {
    std::string body;
    std::string content_type;
    std::string etag;  // quoted, from a hash of the body
};

class WebAssets {
public:
    // Reads `dir`; throws std::runtime_error naming what is missing.
    explicit WebAssets(const std::filesystem::path& dir);

    const std::filesystem::path& dir() const { return dir_; }
    // The text of templates/NAME.mustache; throws std::out_of_range for an unknown name.
    const std::string& template_text(const std::string& name) const { return templates_.at(name); }
    const std::map<std::string, std::string>& templates() const { return templates_; }
    // The static file called `name` (no directories), or nullptr.
    const StaticFile* static_file(const std::string& name) const;

private:
    std::filesystem::path dir_;
    std::map<std::string, std::string> templates_;
    std::map<std::string, StaticFile> static_;
};

// Where the web assets are: `option` when given, else the source tree's web/ this program
// was built from (when it still exists), else the installed /usr/share/kb/web.
std::filesystem::path find_web_dir(const std::string& option);

}  // namespace kb::server

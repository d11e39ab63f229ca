#include "web_assets.h"

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "hash.h"

namespace fs = std::filesystem;

namespace kb::server {

namespace {

std::string read_all(const fs::path& p) {
    std::ifstream in(p, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + p.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

std::string content_type_for(const fs::path& p) {
    const std::string ext = p.extension().string();
    if (ext == ".css") return "text/css; charset=utf-8";
    if (ext == ".js") return "text/javascript; charset=utf-8";
    if (ext == ".svg") return "image/svg+xml";
    if (ext == ".png") return "image/png";
    if (ext == ".ico") return "image/x-icon";
    if (ext == ".txt") return "text/plain; charset=utf-8";
    return "application/octet-stream";
}

// The pages the server renders: a web directory without them is not one.
const char* const REQUIRED_TEMPLATES[] = {"head", "foot", "home", "results", "document", "error"};

}  // namespace

WebAssets::WebAssets(const fs::path& dir) : dir_(dir) {
    std::error_code ec;
    if (!fs::is_directory(dir / "templates", ec) || !fs::is_directory(dir / "static", ec))
        throw std::runtime_error("no web assets in " + dir.string() +
                                 " (expected templates/ and static/; see --web)");
    for (const auto& e : fs::directory_iterator(dir / "templates")) {
        if (e.is_regular_file() && e.path().extension() == ".mustache")
            templates_[e.path().stem().string()] = read_all(e.path());
    }
    for (const char* name : REQUIRED_TEMPLATES)
        if (!templates_.count(name))
            throw std::runtime_error("missing template " + (dir / "templates" / name).string() + ".mustache");
    for (const auto& e : fs::directory_iterator(dir / "static")) {
        if (!e.is_regular_file()) continue;
        StaticFile f;
        f.body = read_all(e.path());
        f.content_type = content_type_for(e.path());
        f.etag = "\"" + content_hash(f.body) + "\"";
        static_[e.path().filename().string()] = std::move(f);
    }
}

const StaticFile* WebAssets::static_file(const std::string& name) const {
    auto it = static_.find(name);
    return it == static_.end() ? nullptr : &it->second;
}

fs::path find_web_dir(const std::string& option) {
    if (!option.empty()) return option;
    std::error_code ec;
    // An installed kb-serve (/usr/bin) uses the installed assets, even on the machine that
    // built it; a kb-serve in a build tree uses its source tree's.
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    const fs::path installed = self.parent_path().parent_path() / "share/kb/web";
    if (!ec && fs::is_directory(installed / "templates", ec)) return installed;
#ifdef KB_SOURCE_WEB_DIR
    if (fs::is_directory(fs::path(KB_SOURCE_WEB_DIR) / "templates", ec)) return KB_SOURCE_WEB_DIR;
#endif
    return "/usr/share/kb/web";
}

}  // namespace kb::server

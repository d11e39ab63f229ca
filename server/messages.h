// The web UI's own words in each language: web/messages/LANG.json (one flat JSON object of
// key -> text per language, read once at start-up). English (en.json) is required and is
// the fallback for a key another file lacks; adding a language is adding a file.
#pragma once

#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace kb::server {

class Messages {
public:
    // Reads DIR/*.json; throws std::runtime_error naming the file and the problem (no
    // en.json, not a JSON object of strings, a name that is not a language code).
    explicit Messages(const std::filesystem::path& dir);
    // English only, from nothing (for a web directory without messages/).
    Messages();

    // The language codes, English first then alphabetical.
    const std::vector<std::string>& languages() const { return languages_; }
    bool has(const std::string& lang) const { return tables_.count(lang) != 0; }
    // Every key of `lang` (English where the file lacks one); English for an unknown code.
    const nlohmann::json& table(const std::string& lang) const;
    // One text; the key itself when even English lacks it (a visible, findable mistake).
    std::string get(const std::string& lang, const std::string& key) const;

    // The language to answer in: `requested` (the URL's lang) when there is such a file,
    // else the first of the Accept-Language header's languages (by q) that has one, else en.
    std::string choose(const std::string& requested, const std::string& accept_language) const;

private:
    std::vector<std::string> languages_;
    std::map<std::string, nlohmann::json> tables_;  // merged over English
};

}  // namespace kb::server

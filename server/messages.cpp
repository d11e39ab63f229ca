#include "messages.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace kb::server {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

bool is_language_code(const std::string& s) {
    return (s.size() == 2 || s.size() == 3) &&
           std::all_of(s.begin(), s.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

json read_table(const fs::path& file) {
    std::ifstream in(file, std::ios::binary);
    if (!in) throw std::runtime_error("cannot read " + file.string());
    std::ostringstream ss;
    ss << in.rdbuf();
    const json j = json::parse(ss.str(), nullptr, false);
    if (!j.is_object()) throw std::runtime_error(file.string() + ": not a JSON object of message texts");
    for (const auto& [key, value] : j.items())
        if (!value.is_string())
            throw std::runtime_error(file.string() + ": the message '" + key + "' is not a string");
    return j;
}

}  // namespace

Messages::Messages() {
    languages_ = {"en"};
    tables_["en"] = json::object();
}

Messages::Messages(const fs::path& dir) {
    std::map<std::string, json> raw;
    std::error_code ec;
    if (fs::is_directory(dir, ec))
        for (const auto& e : fs::directory_iterator(dir)) {
            if (!e.is_regular_file() || e.path().extension() != ".json") continue;
            const std::string code = e.path().stem().string();
            if (!is_language_code(code))
                throw std::runtime_error(e.path().string() + ": a message file is named by its language code (fr.json)");
            raw[code] = read_table(e.path());
        }
    if (!raw.count("en")) throw std::runtime_error("no English messages: " + (dir / "en.json").string() + " is missing");
    languages_.push_back("en");
    for (const auto& [code, _] : raw)
        if (code != "en") languages_.push_back(code);
    for (const auto& [code, own] : raw) {
        json merged = raw["en"];
        for (const auto& [key, value] : own.items()) merged[key] = value;
        tables_[code] = std::move(merged);
    }
}

const json& Messages::table(const std::string& lang) const {
    auto it = tables_.find(lang);
    return it != tables_.end() ? it->second : tables_.at("en");
}

std::string Messages::get(const std::string& lang, const std::string& key) const {
    const json& t = table(lang);
    auto it = t.find(key);
    return it != t.end() ? it->get<std::string>() : key;
}

std::string Messages::choose(const std::string& requested, const std::string& accept_language) const {
    if (has(requested)) return requested;
    // "fr-CH, fr;q=0.9, en;q=0.8, *;q=0.5": the best-weighted language we have; the order
    // of the header breaks ties.
    std::string best = "en";
    double best_q = -1;
    std::stringstream ss(accept_language);
    std::string item;
    while (std::getline(ss, item, ',')) {
        std::string tag = item.substr(0, item.find(';'));
        tag.erase(0, tag.find_first_not_of(" \t"));
        tag.erase(tag.find_last_not_of(" \t") + 1);
        double q = 1;
        const auto qpos = item.find("q=");
        if (qpos != std::string::npos) q = std::strtod(item.c_str() + qpos + 2, nullptr);
        std::string code = tag.substr(0, tag.find('-'));
        std::transform(code.begin(), code.end(), code.begin(), [](unsigned char c) { return std::tolower(c); });
        if (q > 0 && q > best_q && has(code)) {
            best = code;
            best_q = q;
        }
    }
    return best;
}

}  // namespace kb::server

#include "front_matter.h"

#include <algorithm>
#include <set>

#include <yaml-cpp/yaml.h>

#include "utf8.h"

namespace kb {

const std::vector<std::string>& note_types() {
    static const std::vector<std::string> types = {"practice", "handbook", "finding", "tool"};
    return types;
}

const std::vector<std::string>& note_languages() {
    static const std::vector<std::string> langs = {"en", "fr", "es", "ar", "ru", "zh",
                                                   "de", "it", "pt", "nl"};
    return langs;
}

bool is_article_id(const std::string& s) {
    if (s.size() < 7 || (s.compare(0, 6, "UNCAC ") != 0 && s.compare(0, 6, "UNTOC ") != 0))
        return false;
    if (s[6] < '1' || s[6] > '9' || s.size() > 9) return false;
    return std::all_of(s.begin() + 6, s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

bool is_valid_id(const std::string& s) {
    if (s.empty() || s.size() > 120) return false;
    auto ok_first = [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); };
    if (!ok_first(s[0])) return false;
    return std::all_of(s.begin(), s.end(), [&](char c) {
        return ok_first(c) || c == '-' || c == '_' || c == '.';
    });
}

namespace {

bool is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

bool is_valid_date(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (int i : {0, 1, 2, 3, 5, 6, 8, 9})
        if (s[static_cast<size_t>(i)] < '0' || s[static_cast<size_t>(i)] > '9') return false;
    const int y = std::stoi(s.substr(0, 4)), m = std::stoi(s.substr(5, 2)), d = std::stoi(s.substr(8, 2));
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (y < 1900 || m < 1 || m > 12 || d < 1) return false;
    return d <= days[m - 1] + (m == 2 && is_leap(y) ? 1 : 0);
}

std::string join(const std::vector<std::string>& v) {
    std::string out;
    for (const auto& s : v) out += (out.empty() ? "" : ", ") + s;
    return out;
}

// Collects problems for one note; `first_line` maps YAML line 0 to a line of the file.
class Checker {
public:
    Checker(const std::string& path, int first_line, Problems& problems)
        : path_(path), first_line_(first_line), problems_(problems) {}

    int line(const YAML::Node& n) const { return first_line_ + n.Mark().line; }
    void report(int line, std::string message) { problems_.push_back({path_, line, std::move(message)}); }

    // A required or optional single string.
    std::string text(const YAML::Node& map, const char* key, bool required, int map_line) {
        const YAML::Node n = map[key];
        if (!n || n.IsNull()) {
            if (required) report(n ? line(n) : map_line, std::string("missing required key '") + key + "'");
            return {};
        }
        if (!n.IsScalar()) {
            report(line(n), std::string("'") + key + "' must be a single text value");
            return {};
        }
        std::string v = n.Scalar();
        if (v.find_first_not_of(" \t") == std::string::npos) {
            report(line(n), std::string("'") + key + "' is empty");
            return {};
        }
        return v;
    }

    // A list of strings; a single string is taken as a list of one.
    std::vector<std::string> list(const YAML::Node& map, const char* key,
                                  std::vector<int>* lines = nullptr) {
        std::vector<std::string> out;
        const YAML::Node n = map[key];
        if (!n || n.IsNull()) return out;
        auto take = [&](const YAML::Node& item) {
            if (!item.IsScalar() || item.Scalar().empty()) {
                report(line(item), std::string("'") + key + "' entries must be non-empty text");
                return;
            }
            if (std::find(out.begin(), out.end(), item.Scalar()) != out.end()) {
                report(line(item), std::string("'") + key + "' lists '" + item.Scalar() + "' twice");
                return;
            }
            out.push_back(item.Scalar());
            if (lines) lines->push_back(line(item));
        };
        if (n.IsScalar()) take(n);
        else if (n.IsSequence()) for (const auto& item : n) take(item);
        else report(line(n), std::string("'") + key + "' must be a list, e.g. [a, b]");
        return out;
    }

private:
    const std::string& path_;
    int first_line_;
    Problems& problems_;
};

}  // namespace

ParsedNote parse_note(std::string_view raw, const std::string& path, const std::string& default_id,
                      const Vocabulary& vocab) {
    ParsedNote result;
    Problems& problems = result.problems;

    if (auto bad = find_invalid_utf8(raw); bad != std::string_view::npos) {
        const int line = 1 + static_cast<int>(std::count(raw.begin(), raw.begin() + static_cast<long>(bad), '\n'));
        problems.push_back({path, line, "not valid UTF-8 (byte offset " + std::to_string(bad) +
                                            "); save the file as UTF-8"});
        return result;
    }
    std::string text(raw);
    if (text.compare(0, 3, "\xEF\xBB\xBF") == 0) text.erase(0, 3);
    text.erase(std::remove(text.begin(), text.end(), '\r'), text.end());

    if (text.compare(0, 4, "---\n") != 0) {
        problems.push_back({path, 1, "missing front matter: a note starts with a line '---'"});
        return result;
    }
    // The closing delimiter is a line of exactly '---'.
    size_t close = std::string::npos;
    int close_line = 2;
    for (size_t pos = 4; pos < text.size();) {
        size_t eol = text.find('\n', pos);
        std::string_view ln(text.data() + pos, (eol == std::string::npos ? text.size() : eol) - pos);
        if (ln == "---") { close = pos; break; }
        if (eol == std::string::npos) break;
        pos = eol + 1;
        ++close_line;
    }
    if (close == std::string::npos) {
        problems.push_back({path, 1, "front matter is not closed: add a line '---' after it"});
        return result;
    }
    const std::string yaml = text.substr(4, close - 4);
    size_t body_start = text.find('\n', close);
    body_start = body_start == std::string::npos ? text.size() : body_start + 1;

    Checker check(path, 2, problems);
    YAML::Node loaded;
    try {
        loaded = YAML::Load(yaml);
    } catch (const YAML::Exception& e) {
        problems.push_back({path, 2 + e.mark.line, "front matter is not valid YAML: " + e.msg});
        return result;
    }
    const YAML::Node& root = loaded;  // const: lookups of absent keys must not add them
    if (!root.IsMap()) {
        problems.push_back({path, 2, "front matter must be 'key: value' lines"});
        return result;
    }

    static const std::vector<std::string> keys = {"id", "title", "type", "articles", "regions",
                                                  "countries", "topics", "source", "date", "language"};
    std::set<std::string> seen;
    for (const auto& kv : root) {
        const std::string key = kv.first.as<std::string>("");
        if (std::find(keys.begin(), keys.end(), key) == keys.end())
            check.report(check.line(kv.first), "unknown key '" + key + "' (allowed: " + join(keys) + ")");
        else if (!seen.insert(key).second)
            check.report(check.line(kv.first), "key '" + key + "' appears twice");
    }

    Document doc;
    doc.path = path;
    doc.id = check.text(root, "id", false, 2);
    if (root["id"] && !doc.id.empty() && !is_valid_id(doc.id)) {
        check.report(check.line(root["id"]), "id '" + doc.id +
                     "' may hold only lower-case letters, digits, '-', '_' and '.'");
    }
    if (doc.id.empty() && !root["id"]) {
        doc.id = default_id;
        if (!is_valid_id(doc.id))
            check.report(1, "the file name gives the id '" + doc.id +
                            "', which may hold only lower-case letters, digits, '-', '_' and '.': rename the file or set 'id:'");
    }

    doc.title = check.text(root, "title", true, 2);
    doc.type = check.text(root, "type", true, 2);
    if (!doc.type.empty() &&
        std::find(note_types().begin(), note_types().end(), doc.type) == note_types().end())
        check.report(check.line(root["type"]), "type '" + doc.type + "' is not one of: " + join(note_types()));

    std::vector<int> lines;
    doc.articles = check.list(root, "articles", &lines);
    for (size_t i = 0; i < doc.articles.size(); ++i) {
        const auto& a = doc.articles[i];
        if (!is_article_id(a))
            check.report(lines[i], "article '" + a + "' must be written 'UNCAC N' or 'UNTOC N'");
        else if (!vocab.concordance.empty() && !vocab.concordance.find(a))
            check.report(lines[i], "article '" + a + "' is not in concordance.yaml");
    }
    lines.clear();
    doc.regions = check.list(root, "regions", &lines);
    for (size_t i = 0; i < doc.regions.size(); ++i)
        if (!vocab.has_region(doc.regions[i]))
            check.report(lines[i], "unknown region '" + doc.regions[i] + "' (allowed: " + join(vocab.regions) + ")");
    lines.clear();
    doc.topics = check.list(root, "topics", &lines);
    for (size_t i = 0; i < doc.topics.size(); ++i)
        if (!vocab.has_topic(doc.topics[i]))
            check.report(lines[i], "unknown topic '" + doc.topics[i] + "': use a topic from topics.yaml");
    doc.countries = check.list(root, "countries");

    doc.source = check.text(root, "source", true, 2);
    doc.date = check.text(root, "date", true, 2);
    if (!doc.date.empty() && !is_valid_date(doc.date))
        check.report(check.line(root["date"]), "date '" + doc.date + "' must be a real date written YYYY-MM-DD");
    if (root["language"]) {
        doc.language = check.text(root, "language", false, 2);
        const auto& langs = note_languages();
        if (!doc.language.empty() && std::find(langs.begin(), langs.end(), doc.language) == langs.end())
            check.report(check.line(root["language"]), "language '" + doc.language +
                         "' is not one of: " + join(langs));
        if (doc.language.empty()) doc.language = "en";
    }

    doc.body = text.substr(body_start);
    doc.body_line = close_line + 1;
    if (doc.body.find_first_not_of(" \t\n") == std::string::npos)
        check.report(close_line, "the note has no body text after the front matter");

    if (problems.empty()) result.document = std::move(doc);
    return result;
}

}  // namespace kb

#include "vocabulary.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "front_matter.h"
#include "hash.h"

namespace fs = std::filesystem;

namespace kb {

const Article* Concordance::find(const std::string& id) const {
    for (const auto& a : articles_)
        if (a.id == id) return &a;
    return nullptr;
}

nlohmann::json Concordance::to_json() const {
    auto arr = nlohmann::json::array();
    for (const auto& a : articles_)
        arr.push_back({{"id", a.id}, {"title", a.title}, {"counterparts", a.counterparts}});
    return arr;
}

Concordance Concordance::from_json(const nlohmann::json& j) {
    std::vector<Article> out;
    if (!j.is_array()) return Concordance{};
    for (const auto& a : j)
        out.push_back({a.value("id", ""), a.value("title", ""),
                       a.value("counterparts", std::vector<std::string>{})});
    return Concordance(std::move(out));
}

bool Vocabulary::has_topic(const std::string& t) const {
    return topics.empty() || std::find(topics.begin(), topics.end(), t) != topics.end();
}

bool Vocabulary::has_region(const std::string& r) const {
    return std::find(regions.begin(), regions.end(), r) != regions.end();
}

const std::vector<std::string>& default_regions() {
    static const std::vector<std::string> groups = {
        "African Group", "Asia-Pacific Group", "Eastern European Group",
        "Latin American and Caribbean Group", "Western European and Other States Group"};
    return groups;
}

namespace {

int line_of(const YAML::Node& n) { return n.Mark().line + 1; }

// Reads `key:` of a YAML file as a node; nullopt (and no problem) when the file is absent.
std::optional<YAML::Node> read_list(const fs::path& file, const char* key, std::string& bytes,
                                    Problems& problems) {
    std::error_code ec;
    if (!fs::exists(file, ec)) return std::nullopt;
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes += ss.str();
    try {
        YAML::Node root = YAML::Load(ss.str());
        YAML::Node list = root[key];
        if (!root.IsMap() || !list || !list.IsSequence()) {
            problems.push_back({file.string(), 1, std::string("expected a list under '") + key + ":'"});
            return std::nullopt;
        }
        return list;
    } catch (const YAML::Exception& e) {
        problems.push_back({file.string(), e.mark.line + 1, "YAML error: " + e.msg});
        return std::nullopt;
    }
}

std::vector<std::string> read_strings(const fs::path& file, const YAML::Node& list,
                                      Problems& problems) {
    std::vector<std::string> out;
    for (const auto& item : list) {
        if (!item.IsScalar() || item.Scalar().empty()) {
            problems.push_back({file.string(), line_of(item), "expected a non-empty string"});
            continue;
        }
        if (std::find(out.begin(), out.end(), item.Scalar()) != out.end()) {
            problems.push_back({file.string(), line_of(item), "'" + item.Scalar() + "' is listed twice"});
            continue;
        }
        out.push_back(item.Scalar());
    }
    return out;
}

std::string to_lower(std::string s) {
    for (auto& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

}  // namespace


Vocabulary load_vocabulary(const fs::path& dir, Problems& problems) {
    Vocabulary v;
    std::string bytes;

    if (auto list = read_list(dir / "topics.yaml", "topics", bytes, problems))
        v.topics = read_strings(dir / "topics.yaml", *list, problems);

    v.regions = default_regions();
    if (auto list = read_list(dir / "regions.yaml", "regions", bytes, problems))
        v.regions = read_strings(dir / "regions.yaml", *list, problems);

    const fs::path conc = dir / "concordance.yaml";
    if (auto list = read_list(conc, "articles", bytes, problems)) {
        std::vector<Article> articles;
        for (const auto& item : *list) {
            const int line = line_of(item);
            if (!item.IsMap() || !item["id"] || !item["title"]) {
                problems.push_back({conc.string(), line, "an article needs 'id' and 'title'"});
                continue;
            }
            Article a;
            a.id = item["id"].as<std::string>("");
            a.title = item["title"].as<std::string>("");
            if (!is_article_id(a.id)) {
                problems.push_back({conc.string(), line, "article id '" + a.id +
                                                             "' is not of the form 'UNCAC N' or 'UNTOC N'"});
                continue;
            }
            if (auto cp = item["counterparts"]) {
                if (!cp.IsSequence()) {
                    problems.push_back({conc.string(), line, "'counterparts' must be a list"});
                } else {
                    for (const auto& c : cp) a.counterparts.push_back(c.as<std::string>(""));
                }
            }
            articles.push_back(std::move(a));
        }
        v.concordance = Concordance(std::move(articles));
        // Every counterpart must itself be listed, so a link never leads nowhere.
        for (const auto& a : v.concordance.articles())
            for (const auto& c : a.counterparts)
                if (!v.concordance.find(c))
                    problems.push_back({conc.string(), 1, "counterpart '" + c + "' of '" + a.id +
                                                              "' is not listed as an article"});
    }

    const fs::path syn = dir / "synonyms.yaml";
    if (auto list = read_list(syn, "synonyms", bytes, problems)) {
        for (const auto& item : *list) {
            if (!item.IsSequence() || item.size() < 2) {
                problems.push_back({syn.string(), line_of(item),
                                    "a synonym group is a list of two or more terms"});
                continue;
            }
            std::vector<std::string> group;
            for (const auto& t : item) group.push_back(to_lower(t.as<std::string>("")));
            v.synonyms.push_back(std::move(group));
        }
    }
    v.query_lexicon = load_query_lexicon(dir / "query_lexicon.yaml", v.regions, bytes, problems);
    v.hash = content_hash(bytes);
    return v;
}

}  // namespace kb

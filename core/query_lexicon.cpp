#include "query_lexicon.h"

#include <algorithm>
#include <fstream>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "front_matter.h"
#include "schema.h"

namespace kb {

namespace {

// Latin letters with diacritics, lower case, to their base letters: a reader may type
// "extradicion" or "autorite" for "extradición" and "autorité".
void append_folded(std::string& out, unsigned ch) {
    static const std::map<unsigned, const char*> fold = {
        {0xE0, "a"}, {0xE1, "a"}, {0xE2, "a"}, {0xE3, "a"}, {0xE4, "a"}, {0xE5, "a"}, {0xE6, "ae"},
        {0xE7, "c"}, {0xE8, "e"}, {0xE9, "e"}, {0xEA, "e"}, {0xEB, "e"}, {0xEC, "i"}, {0xED, "i"},
        {0xEE, "i"}, {0xEF, "i"}, {0xF1, "n"}, {0xF2, "o"}, {0xF3, "o"}, {0xF4, "o"}, {0xF5, "o"},
        {0xF6, "o"}, {0xF8, "o"}, {0xF9, "u"}, {0xFA, "u"}, {0xFB, "u"}, {0xFC, "u"}, {0xFD, "y"},
        {0xFF, "y"}, {0x153, "oe"}};
    if (ch < 0x80) {
        out += static_cast<char>(ch);
        return;
    }
    if (auto it = fold.find(ch); it != fold.end()) {
        out += it->second;
        return;
    }
    Xapian::Unicode::append_utf8(out, ch);
}

std::vector<std::string> keys_of(const YAML::Node& list, const std::filesystem::path& file, Problems& problems) {
    std::vector<std::string> out;
    if (!list.IsSequence()) {
        problems.push_back({file.string(), list.Mark().line + 1, "expected a list of words or phrases"});
        return out;
    }
    for (const auto& item : list) {
        const std::string key = item.IsScalar() ? phrase_key(item.Scalar()) : std::string();
        if (key.empty())
            problems.push_back({file.string(), item.Mark().line + 1, "expected a word or phrase"});
        else
            out.push_back(key);
    }
    return out;
}

// `section` maps facet values to lists of phrases; each value must be one of `allowed`
// (empty: any value).
void read_phrases(const YAML::Node& section, const char* facet, const std::vector<std::string>& allowed,
                  const std::filesystem::path& file, QueryLexicon& lex, Problems& problems) {
    if (!section) return;
    if (!section.IsMap()) {
        problems.push_back({file.string(), section.Mark().line + 1,
                            std::string("'") + facet + "s' must map values to lists of phrases"});
        return;
    }
    for (const auto& entry : section) {
        const std::string value = entry.first.as<std::string>("");
        if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), value) == allowed.end()) {
            problems.push_back({file.string(), entry.first.Mark().line + 1,
                                std::string("unknown ") + facet + " '" + value + "'"});
            continue;
        }
        for (auto& key : keys_of(entry.second, file, problems)) lex.phrases.push_back({facet, value, std::move(key)});
    }
}

}  // namespace

std::vector<TextWord> text_words(std::string_view text) {
    std::vector<TextWord> words;
    const char* start = text.data();
    Xapian::Utf8Iterator it(text.data(), text.size()), end;
    TextWord word;
    bool in_word = false;
    while (it != end) {
        const unsigned ch = *it;
        const std::size_t at = static_cast<std::size_t>(it.raw() - start);
        if (Xapian::Unicode::is_wordchar(ch) && ch != '_') {
            if (!in_word) {
                word = TextWord{at, at, {}, {}};
                in_word = true;
            }
            const unsigned lower = Xapian::Unicode::tolower(ch);
            Xapian::Unicode::append_utf8(word.lower, lower);
            append_folded(word.key, lower);
            ++it;
            word.end = static_cast<std::size_t>(it.raw() - start);
            continue;
        }
        if (in_word) words.push_back(std::move(word));
        in_word = false;
        ++it;
    }
    if (in_word) words.push_back(std::move(word));
    return words;
}

std::string phrase_key(std::string_view text) {
    std::string out;
    for (const auto& w : text_words(text)) out += (out.empty() ? "" : " ") + w.key;
    return out;
}

bool QueryLexicon::is_stopword(const std::string& key) const {
    return std::any_of(stopwords.begin(), stopwords.end(), [&](const auto& l) { return l.second.count(key) != 0; });
}

std::string QueryLexicon::language_of(const std::vector<TextWord>& words) const {
    std::map<std::string, std::size_t> hits;
    for (const auto& w : words)
        for (const auto& [language, keys] : stopwords)
            if (keys.count(w.key)) ++hits[language];
    std::string best;
    std::size_t most = hits.count("en") ? hits["en"] : 0;
    for (const auto& [language, n] : hits)
        if (language != "en" && n > most) {
            best = language;
            most = n;
        }
    return best;
}

nlohmann::json QueryLexicon::to_json() const {
    nlohmann::json phrases_json = nlohmann::json::array();
    for (const auto& p : phrases) phrases_json.push_back({p.facet, p.value, p.key});
    nlohmann::json conventions_json = nlohmann::json::array();
    for (const auto& [key, name] : conventions) conventions_json.push_back({key, name});
    return {{"stopwords", stopwords},
            {"article_words", article_words},
            {"conventions", conventions_json},
            {"phrases", phrases_json}};
}

QueryLexicon QueryLexicon::from_json(const nlohmann::json& j) {
    QueryLexicon lex;
    if (!j.is_object()) return lex;
    lex.stopwords = j.value("stopwords", std::map<std::string, std::set<std::string>>{});
    lex.article_words = j.value("article_words", std::set<std::string>{});
    for (const auto& c : j.value("conventions", nlohmann::json::array()))
        lex.conventions.emplace_back(c.at(0).get<std::string>(), c.at(1).get<std::string>());
    for (const auto& p : j.value("phrases", nlohmann::json::array()))
        lex.phrases.push_back({p.at(0).get<std::string>(), p.at(1).get<std::string>(), p.at(2).get<std::string>()});
    return lex;
}

QueryLexicon load_query_lexicon(const std::filesystem::path& file, const std::vector<std::string>& regions,
                                std::string& bytes, Problems& problems) {
    QueryLexicon lex;
    std::error_code ec;
    if (!std::filesystem::exists(file, ec)) return lex;
    std::ifstream in(file, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    bytes += ss.str();
    YAML::Node root;
    try {
        root = YAML::Load(ss.str());
    } catch (const YAML::Exception& e) {
        problems.push_back({file.string(), e.mark.line + 1, "YAML error: " + e.msg});
        return lex;
    }
    if (!root.IsMap()) {
        problems.push_back({file.string(), 1, "expected keys stopwords, articles, regions, countries, types"});
        return lex;
    }
    static const std::set<std::string> known = {"stopwords", "articles", "regions", "countries", "types"};
    for (const auto& entry : root)
        if (!known.count(entry.first.as<std::string>("")))
            problems.push_back({file.string(), entry.first.Mark().line + 1,
                                "unknown key '" + entry.first.as<std::string>("") +
                                    "' (known: stopwords, articles, regions, countries, types)"});
    if (const auto stop = root["stopwords"]) {
        if (!stop.IsMap())
            problems.push_back({file.string(), stop.Mark().line + 1, "'stopwords' must map languages to lists"});
        else
            for (const auto& language : stop)
                for (auto& key : keys_of(language.second, file, problems))
                    lex.stopwords[language.first.as<std::string>("")].insert(std::move(key));
    }
    if (const auto articles = root["articles"]) {
        if (const auto words = articles["words"])
            for (auto& key : keys_of(words, file, problems)) lex.article_words.insert(std::move(key));
        if (const auto conventions = articles["conventions"]) {
            for (const auto& entry : conventions) {
                const std::string name = entry.first.as<std::string>("");
                if (name != "UNCAC" && name != "UNTOC") {
                    problems.push_back({file.string(), entry.first.Mark().line + 1,
                                        "unknown convention '" + name + "' (UNCAC or UNTOC)"});
                    continue;
                }
                for (auto& key : keys_of(entry.second, file, problems)) lex.conventions.emplace_back(std::move(key), name);
            }
        }
    }
    read_phrases(root["regions"], "region", regions, file, lex, problems);
    read_phrases(root["countries"], "country", {}, file, lex, problems);
    read_phrases(root["types"], "type", note_types(), file, lex, problems);
    return lex;
}

QueryLexicon stored_query_lexicon(const Xapian::Database& db) {
    return QueryLexicon::from_json(nlohmann::json::parse(db.get_metadata(META_QUERY_LEXICON), nullptr, false));
}

}  // namespace kb

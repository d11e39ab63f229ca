// The controlled vocabularies that live beside the notes in content/: topics.yaml,
// regions.yaml, concordance.yaml (UNCAC/UNTOC articles and counterparts), synonyms.yaml,
// query_lexicon.yaml.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "diagnostics.h"
#include "query_lexicon.h"

namespace kb {

// One convention article and the articles of the other convention on the same matter.
struct Article {
    std::string id;     // "UNCAC 46"
    std::string title;  // "Mutual legal assistance"
    std::vector<std::string> counterparts;  // {"UNTOC 18"}
};

class Concordance {
public:
    Concordance() = default;
    explicit Concordance(std::vector<Article> articles) : articles_(std::move(articles)) {}
    bool empty() const { return articles_.empty(); }
    const std::vector<Article>& articles() const { return articles_; }
    const Article* find(const std::string& id) const;
    nlohmann::json to_json() const;
    static Concordance from_json(const nlohmann::json& j);

private:
    std::vector<Article> articles_;
};

struct Vocabulary {
    std::vector<std::string> topics;   // empty: any topic accepted (no topics.yaml)
    std::vector<std::string> regions;  // the five UN regional groups unless regions.yaml says
    Concordance concordance;           // empty: any well-formed article accepted
    std::vector<std::vector<std::string>> synonyms;  // groups of equivalent terms, lower case
    QueryLexicon query_lexicon;        // query_lexicon.yaml: stop words, facet phrases
    std::string hash;  // of the vocabulary files' bytes: a change re-validates every note

    bool has_topic(const std::string& t) const;
    bool has_region(const std::string& r) const;
};

// The five United Nations regional groups (the contract's region values).
const std::vector<std::string>& default_regions();

// Reads the vocabulary files of content_dir; a missing file means the default above.
// Problems in the files are appended to `problems`.
Vocabulary load_vocabulary(const std::filesystem::path& content_dir, Problems& problems);

}  // namespace kb

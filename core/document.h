// The Document: one note of the knowledge base, as parsed from its Markdown file.
#pragma once

#include <string>
#include <vector>

namespace kb {

struct Document {
    std::string id;        // unique; default: file name without .md
    std::string title;
    std::string type;      // practice | handbook | finding | tool
    std::vector<std::string> articles;   // "UNCAC 46", "UNTOC 18"
    std::vector<std::string> regions;    // UN regional groups
    std::vector<std::string> countries;
    std::vector<std::string> topics;
    std::string source;    // citation of where the facts come from
    std::string date;      // YYYY-MM-DD
    std::string language = "en";  // ISO 639-1
    std::string body;      // CommonMark source, without front matter
    int body_line = 1;     // line of the file where the body starts
    std::string path;      // relative to the content directory
    std::string hash;      // of the file bytes, hex
};

}  // namespace kb

#include <nlohmann/json_fwd.hpp>

namespace kb {

// What the index stores as a document's data: the metadata, the Markdown body and its
// plain text (for snippets). One encoding, read by the searchers and written by the indexer.
nlohmann::json stored_data(const Document& doc, const std::string& plain_text);
Document document_from_data(const nlohmann::json& data);

}  // namespace kb

// Front matter: splits a note into YAML front matter and Markdown body, parses the YAML and
// checks every rule of the content contract, reporting each problem with file and line.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "diagnostics.h"
#include "document.h"
#include "vocabulary.h"

namespace kb {

struct ParsedNote {
    std::optional<Document> document;  // set only when there are no problems
    Problems problems;
};

// `path` is used in messages and kept in the Document; `default_id` is the file name
// without ".md" (used when the front matter has no id).
ParsedNote parse_note(std::string_view bytes, const std::string& path,
                      const std::string& default_id, const Vocabulary& vocab);

// "UNCAC 46" or "UNTOC 18": the convention, one space, an article number.
bool is_article_id(const std::string& s);
// Ids: lower-case letters, digits, '-', '_' and '.', starting with a letter or digit.
bool is_valid_id(const std::string& s);
// The note types: practice, handbook, finding, tool.
const std::vector<std::string>& note_types();
// The languages a note may be written in (ISO 639-1); each has a Xapian stemmer but zh.
const std::vector<std::string>& note_languages();

}  // namespace kb

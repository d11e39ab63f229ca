// Handouts for trainers: a chosen list of notes exported as one Markdown file or one
// self-contained HTML file (styles inline, no external reference, print-ready: cover, table
// of contents, each note with its metadata, a references list built from the sources, a
// page break between notes). Used by kb-export and by the web UI's handout page.
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "document.h"
#include "result.h"
#include "vocabulary.h"

namespace kb {

// A handout is read in one sitting and travels in a URL (/handout?ids=...): these bound
// both the work of one request and the length of a shareable link.
inline constexpr std::size_t MAX_HANDOUT_NOTES = 100;
inline constexpr std::size_t MAX_HANDOUT_ID_BYTES = 200;
inline constexpr std::size_t MAX_HANDOUT_TITLE_BYTES = 200;

// The handout's own words, English unless the caller (the web UI, in its language) says
// otherwise. HTML output escapes them.
struct HandoutLabels {
    std::string lang = "en";  // the <html lang> of the HTML file
    std::string note = "note", notes = "notes";
    std::string site = "Cooperation Knowledge Base";
    std::string not_found = "Not found in the knowledge base:";
    std::string contents = "Contents", references = "References", cited_by = "cited by";
    std::string type = "Type", articles = "Articles", regions = "Regions", countries = "Countries";
    std::string topics = "Topics", source = "Source", date = "Date";
};

struct Handout {
    HandoutLabels labels;
    std::string title;
    std::string date;                 // shown on the cover, YYYY-MM-DD
    std::vector<Document> notes;      // in the order asked for
    std::vector<std::string> missing; // ids asked for that the index does not hold
    Concordance concordance;          // for article titles
};

// The note with this id, if the index holds it.
std::optional<Document> find_document(const Xapian::Database& db, const std::string& id);

// Looks the ids up in order (duplicates kept once); unknown ids go to `missing`.
Handout load_handout(const Xapian::Database& db, const std::vector<std::string>& ids, std::string title,
                     std::string date);

std::string handout_markdown(const Handout& handout);
std::string handout_html(const Handout& handout);

// The handout as the JSON API gives it: title, date, the notes in order with their
// metadata and reference number, the ids not found, and the numbered references.
nlohmann::json handout_json(const Handout& handout);

// The notes' sources, each once, in order of first citation, with the notes citing it.
std::vector<std::pair<std::string, std::vector<const Document*>>> handout_references(const Handout& handout);

// "a,b,,c" -> {"a","b","c"}
std::vector<std::string> split_ids(const std::string& list);

// split_ids, checked against the limits above (at most MAX_HANDOUT_NOTES different ids,
// each at most MAX_HANDOUT_ID_BYTES of valid UTF-8): the error names what is wrong.
// Used by kb-export and kb-serve alike.
Result<std::vector<std::string>> parse_handout_ids(const std::string& list);

// A title within MAX_HANDOUT_TITLE_BYTES of valid UTF-8, or an error saying why not.
Result<std::string> check_handout_title(const std::string& title);

// Today's date on this machine, YYYY-MM-DD: the default date on a handout's cover.
std::string today_local_date();

}  // namespace kb

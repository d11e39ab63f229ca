// Handouts for trainers: a chosen list of notes exported as one Markdown file or one
// self-contained HTML file (styles inline, no external reference, print-ready: cover, table
// of contents, each note with its metadata, a references list built from the sources, a
// page break between notes). Used by kb-export and by the web UI's handout page.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <xapian.h>

#include "document.h"
#include "vocabulary.h"

namespace kb {

inline constexpr std::size_t MAX_HANDOUT_NOTES = 200;

struct Handout {
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

// "a,b,,c" -> {"a","b","c"}
std::vector<std::string> split_ids(const std::string& list);

}  // namespace kb

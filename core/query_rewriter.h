// Synonym expansion of a query string. Xapian's own expansion (FLAG_AUTO_SYNONYMS) maps a
// term to single terms only; our synonyms are often phrases ("MLA" = "mutual legal
// assistance"), so a member found in the query is rewritten as (member OR "other" ...).
#pragma once

#include <string>
#include <vector>

#include <xapian.h>

namespace kb {

// Groups of equivalent terms or phrases, read from the database's synonym table.
std::vector<std::vector<std::string>> synonym_groups(const Xapian::Database& db);

// Rewrites free-text words of `query` that match a group member (case-insensitive, longest
// match first). Words inside quotes, after a field prefix ("title:x") and boolean
// operators are left alone.
std::string expand_synonyms(const std::string& query,
                            const std::vector<std::vector<std::string>>& groups);

}  // namespace kb

namespace kb {
// Lower-cases the query's words, keeping the operators AND, OR, NOT, XOR, NEAR and ADJ:
// Xapian does not stem capitalised words (it takes them for names), but a practitioner
// typing "Extradition" means the same as "extradition".
std::string lowercase_query_words(const std::string& query);
}

// Languages of notes and queries: the Xapian stemmer for an ISO 639-1 code.
#pragma once

#include <string>

namespace kb {
// "fr" -> "french"; "" when Xapian has no stemmer for the language (or it is unknown).
std::string stemmer_name(const std::string& language);
}

namespace kb {
// Splits French and Italian elisions ("l'entraide", "d’extradition") into separate words, so
// "entraide" is a term of its own. Used on note text and on queries alike.
std::string split_elisions(const std::string& text);
}

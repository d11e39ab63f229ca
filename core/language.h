// Languages of notes and queries: the Xapian stemmer for an ISO 639-1 code.
#pragma once

#include <string>

namespace kb {
// "fr" -> "french"; "" when Xapian has no stemmer for the language (or it is unknown).
std::string stemmer_name(const std::string& language);
}

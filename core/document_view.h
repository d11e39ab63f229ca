// One note as the API and the web UI show it: metadata, the body rendered to safe HTML,
// each cited article with its title and counterparts (the concordance in the index), and
// the notes most like it ("more like this" through Xapian's relevance feedback).
#pragma once

#include <string>

#include <nlohmann/json.hpp>
#include <xapian.h>

#include "result.h"
#include "vocabulary.h"

namespace kb {

inline constexpr int MAX_RELATED = 5;
inline constexpr std::size_t MAX_ID_BYTES = 200;

// The note `id` as JSON:
//   {"id","title","type","articles","regions","countries","topics","source","date",
//    "language","path","html",
//    "concordance":[{"id","title","counterparts":[{"id","title"}]}],  one per cited article
//    "counterparts":["UNTOC 18"],   counterparts of the cited articles the note does not cite
//    "related":[{"id","title","type","date"}]}                         at most MAX_RELATED
// An unknown (or malformed) id is an Error with http_status 404.
Result<nlohmann::json> document_view(const Xapian::Database& db, const std::string& id);

// The UNCAC/UNTOC concordance the indexer stored in the database (empty if none).
Concordance stored_concordance(const Xapian::Database& db);

// Up to `count` notes most like document `docid` (never the document itself), best first,
// each as {"id","title","type","date"}: Xapian relevance feedback on the note's own words
// (RSet/ESet "more like this"), each article and topic shared with it adding a boost.
nlohmann::json related_documents(const Xapian::Database& db, Xapian::docid docid, int count);

// The notes related to note `id` (the same ones as in document_view's "related"):
//   {"id","title","related":[{"id","title","type","date","shared_articles","shared_topics"}]}
// at most MAX_RELATED, never the note itself. An unknown id is an Error with status 404.
Result<nlohmann::json> related_view(const Xapian::Database& db, const std::string& id);

}  // namespace kb

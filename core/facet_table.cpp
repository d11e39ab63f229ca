#include "facet_table.h"

#include <unordered_map>

#include "schema.h"

namespace kb {

std::shared_ptr<const FacetTable> FacetTable::build(const Xapian::Database& db) {
    if (db.size() != 1) return nullptr;
    auto table = std::make_shared<FacetTable>();
    table->uuid_ = db.get_uuid();
    table->doccount_ = db.get_doccount();
    table->lastdocid_ = db.get_lastdocid();
    for (const auto& facet : facets()) {
        PerFacet pf;
        std::unordered_map<std::string, std::uint32_t> ids;
        pf.offsets.assign(static_cast<std::size_t>(table->lastdocid_) + 2, 0);
        Xapian::docid next = 1;  // the first docid whose offset is not yet set
        for (auto it = db.valuestream_begin(facet.slot); it != db.valuestream_end(facet.slot); ++it) {
            const Xapian::docid did = it.get_docid();
            for (; next <= did; ++next) pf.offsets[next] = static_cast<std::uint32_t>(pf.ids.size());
            for (const auto& v : unpack_values(*it)) {
                if (v.empty()) continue;
                auto [pos, added] = ids.emplace(v, static_cast<std::uint32_t>(pf.values.size()));
                if (added) {
                    pf.values.push_back(v);
                    pf.totals.push_back(0);
                }
                ++pf.totals[pos->second];
                pf.ids.push_back(pos->second);
            }
        }
        for (; next < pf.offsets.size(); ++next) pf.offsets[next] = static_cast<std::uint32_t>(pf.ids.size());
        table->facets_.push_back(std::move(pf));
    }
    return table;
}

bool FacetTable::describes(const Xapian::Database& db) const {
    return db.get_uuid() == uuid_ && db.get_doccount() == doccount_ && db.get_lastdocid() == lastdocid_;
}

}  // namespace kb

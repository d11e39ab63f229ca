// FacetTable: every document's facet values held in memory as small integers, built once
// per opened database, so exact facet counts cost a few nanoseconds a match instead of a
// value-stream read per facet and document. FacetTableSpy does the counting.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <xapian.h>

namespace kb {

class FacetTable {
public:
    // Reads the facet value slots of `db` (one pass per facet over its value stream).
    // Only for one local database: a match spy sees shard-local document ids, and a
    // remote server does not know our spy. Returns nullptr for several databases (shards);
    // do not call it for a remote one (see index_is_local()).
    static std::shared_ptr<const FacetTable> build(const Xapian::Database& db);

    // True when this table was built from `db` as it is now (same documents).
    bool describes(const Xapian::Database& db) const;

    std::size_t facet_count() const { return facets_.size(); }
    const std::vector<std::string>& values(std::size_t facet) const { return facets_[facet].values; }
    // How many documents of the whole database hold each value.
    const std::vector<std::uint32_t>& totals(std::size_t facet) const { return facets_[facet].totals; }

    // The value ids (indexes into values(facet)) that document `did` holds in `facet`, as
    // [first, last); empty for a document the table does not know.
    std::pair<const std::uint32_t*, const std::uint32_t*> ids_of(Xapian::docid did, std::size_t facet) const {
        const PerFacet& pf = facets_[facet];
        if (did + 1 >= pf.offsets.size()) return {nullptr, nullptr};
        const std::uint32_t* base = pf.ids.data();
        return {base + pf.offsets[did], base + pf.offsets[did + 1]};
    }

    // Adds one to counts[facet][value] for each value of `did` in each facet of `mask`.
    void count(Xapian::docid did, std::uint32_t mask, std::vector<std::vector<std::uint32_t>>& counts) const {
        for (std::size_t f = 0; f < facets_.size(); ++f) {
            if (!(mask & (1u << f))) continue;
            const PerFacet& pf = facets_[f];
            if (did + 1 >= pf.offsets.size()) continue;
            for (std::uint32_t i = pf.offsets[did]; i < pf.offsets[did + 1]; ++i) ++counts[f][pf.ids[i]];
        }
    }

private:
    struct PerFacet {
        std::vector<std::string> values;     // value id -> value as written
        std::vector<std::uint32_t> totals;   // value id -> documents
        std::vector<std::uint32_t> offsets;  // docid -> first index into ids (CSR layout)
        std::vector<std::uint32_t> ids;
    };
    std::vector<PerFacet> facets_;  // in the order of facets()
    std::string uuid_;
    Xapian::doccount doccount_ = 0;
    Xapian::docid lastdocid_ = 0;
};

// Counts the facets of `mask` over every document the match visits. It runs in this
// process only (it is not registered with remote servers); search() falls back to Xapian's
// ValueCountMatchSpy for remote shards.
class FacetTableSpy : public Xapian::MatchSpy {
public:
    FacetTableSpy(const FacetTable& table, std::uint32_t mask)
        : table_(table), mask_(mask), counts_(table.facet_count()) {
        for (std::size_t f = 0; f < table.facet_count(); ++f) counts_[f].assign(table.values(f).size(), 0);
    }
    void operator()(const Xapian::Document& doc, double) override { table_.count(doc.get_docid(), mask_, counts_); }
    std::string name() const override { return "kb::FacetTableSpy"; }
    const std::vector<std::vector<std::uint32_t>>& counts() const { return counts_; }

private:
    const FacetTable& table_;
    std::uint32_t mask_;
    std::vector<std::vector<std::uint32_t>> counts_;
};

}  // namespace kb

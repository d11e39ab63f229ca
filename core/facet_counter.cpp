#include "facet_counter.h"

#include <nlohmann/json.hpp>

#include "schema.h"

namespace kb {

void FacetCounter::operator()(const Xapian::Document& doc, double) {
    const std::string packed = doc.get_value(slot_);
    for (const auto& v : unpack_values(packed))
        if (!v.empty()) ++counts_[v];
}

std::string FacetCounter::serialise() const { return std::to_string(slot_); }

Xapian::MatchSpy* FacetCounter::unserialise(const std::string& s, const Xapian::Registry&) const {
    try {
        return new FacetCounter(static_cast<Xapian::valueno>(std::stoul(s)));
    } catch (const std::exception&) {
        throw Xapian::NetworkError("bad serialised FacetCounter");
    }
}

std::string FacetCounter::serialise_results() const { return nlohmann::json(counts_).dump(); }

void FacetCounter::merge_results(const std::string& s) {
    const auto j = nlohmann::json::parse(s, nullptr, false);
    if (!j.is_object()) throw Xapian::NetworkError("bad serialised FacetCounter results");
    for (const auto& [value, count] : j.items()) counts_[value] += count.get<Xapian::doccount>();
}

}  // namespace kb

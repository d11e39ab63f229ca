// FacetCounter: a Xapian MatchSpy that counts the values of one facet over every matching
// document, splitting multi-valued slots (pack_values). It serialises, so counts also
// merge across remote shards.
#pragma once

#include <map>
#include <string>

#include <xapian.h>

namespace kb {

class FacetCounter : public Xapian::MatchSpy {
public:
    explicit FacetCounter(Xapian::valueno slot) : slot_(slot) {}

    void operator()(const Xapian::Document& doc, double weight) override;
    Xapian::MatchSpy* clone() const override { return new FacetCounter(slot_); }
    std::string name() const override { return "kb::FacetCounter"; }
    std::string serialise() const override;
    Xapian::MatchSpy* unserialise(const std::string& s, const Xapian::Registry&) const override;
    std::string serialise_results() const override;
    void merge_results(const std::string& s) override;
    std::string get_description() const override { return "kb::FacetCounter"; }

    const std::map<std::string, Xapian::doccount>& counts() const { return counts_; }

private:
    Xapian::valueno slot_;
    std::map<std::string, Xapian::doccount> counts_;
};

}  // namespace kb

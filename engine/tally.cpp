#include "tally.hpp"

namespace elevsim {

Dataset weigh(const Tally& t, const Layout& L, std::string name, std::string description) {
  Dataset d;
  d.name = std::move(name);
  d.description = std::move(description);
  d.units = "pupils (scaled to the real population)";
  d.dims = {"year", "county", "sex", "ses", "grade"};
  d.values.resize(t.n.size());
  const size_t per_county = static_cast<size_t>(kSexes) * kSes * kGrades;
  for (size_t i = 0; i < t.n.size(); ++i) {
    const size_t county = (i / per_county) % L.counties;
    d.values[i] = t.n[i] * L.county_weight[county];
  }
  return d;
}

}  // namespace elevsim

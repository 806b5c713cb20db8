#include "ladder_table.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <sstream>

#include "numbers.hpp"

namespace elevsim {

namespace {

// "123 [98, 150]" with the decimals a reader needs for numbers of this size
std::string cell(const Indicator& i, double divisor = 1) {
  const double big = std::max({std::fabs(i.mean), std::fabs(i.lo), std::fabs(i.hi)}) / divisor;
  const int d = big >= 100 ? 0 : big >= 10 ? 1 : 2;
  return format_number(i.mean / divisor, d, Lang::en) + " [" + format_number(i.lo / divisor, d, Lang::en) + ", " +
         format_number(i.hi / divisor, d, Lang::en) + "]";
}

}  // namespace

std::string format_ladder(const Ladder& L) {
  if (L.empty()) return "";
  std::ostringstream o;
  char buf[512];
  const long reps = L.figures.empty() ? 0 : static_cast<long>(L.figures[0].by_intervention.at(0).per_replication.size());
  o << "\neffect ladder: " << format_money_plain(L.budget_nok) << " a year to one intervention, allocated per capita to "
    << "every county for the whole run, on top of " << L.reference << "\n(paired with " << L.reference
    << ", same random numbers and parameter draws; mean [95% interval over " << reps << " replications], per year "
    << "unless stated)\n";
  struct Col {
    const char* key;
    const char* head;
    double divisor;
  };
  const Col cols[] = {{"spent_nok_per_year", "spent, MNOK", 1e6},
                      {"units_per_year", "units bought", 1},
                      {"pupils_reached_per_year", "pupils reached", 1},
                      {"sessions_per_year", "extra sessions", 1},
                      {"treatments_per_year", "extra treatments", 1},
                      {"disorder_years_averted_per_year", "disorder-years averted", 1},
                      {"dropouts_avoided_per_cohort", "dropouts avoided/cohort", 1}};
  std::snprintf(buf, sizeof buf, "  %-24s", "intervention");
  o << buf;
  for (const Col& c : cols) {
    std::snprintf(buf, sizeof buf, " %-26s", c.head);
    o << buf;
  }
  o << "\n";
  for (size_t k = 0; k < L.interventions.size(); ++k) {
    std::snprintf(buf, sizeof buf, "  %-24.24s", L.interventions[k].c_str());
    o << buf;
    for (const Col& c : cols) {
      const LadderFigure* f = L.figure(c.key);
      std::snprintf(buf, sizeof buf, " %-26s", f ? cell(f->by_intervention.at(k), c.divisor).c_str() : "-");
      o << buf;
    }
    o << "\n";
  }
  o << "  units:";
  for (size_t k = 0; k < L.interventions.size(); ++k) o << (k ? "; " : " ") << L.interventions[k] << " = " << L.units[k];
  o << "\n  pupils reached: programme pupil-years (universal_prevention), followed pupils (followup_los, caseload), "
       "pupils identified by trained staff (staff_competence), pupils starting treatment at the service bought (FTE)\n";
  return o.str();
}

}  // namespace elevsim

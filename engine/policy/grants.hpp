#pragma once
// Grant schemes of a scenario (spec s.5) and the allocation rules that turn a
// budget into money per recipient and intervention.
#include <array>
#include <string>
#include <vector>

#include "intervention_catalogue.hpp"
#include "params.hpp"

namespace elevsim {

class TomlTable;

enum class Allocation { PerCapita, NeedsWeighted, Competitive, Targeted };
// The rule as a scenario file spells it (allocation = "...").
const char* allocation_name(Allocation a);

struct Grant {
  std::string name;
  double budget_nok = 0;  // per year
  int first_year = 0, last_year = 0;
  std::string recipients;  // "county" or "municipality" (municipalities are grouped by county, see README)
  Allocation rule = Allocation::PerCapita;
  int competitive_k = 0;
  bool competitive_random = false;  // false: the k with the highest need score
  std::vector<std::pair<std::string, double>> targeted;  // county -> NOK per year
  std::vector<long> targeted_lines;
  std::array<double, kInterventions> split{};
  std::string file;
  long line = 0;
};

std::vector<Grant> read_grants(const TomlTable& scenario, int start_year, int years);
// Checks what needs the parameter files (county names); throws InputError.
void validate_grants(const std::vector<Grant>& grants, const PopulationParams& pop);

// Money per county for one grant in one year, before buying units.
// need_score: expected pupils in state >= 1 per county (from the twin);
// draw: a uniform in [0, 1) per county for random competitive selection.
std::vector<double> allocate(const Grant& g, const PopulationParams& pop, const std::vector<double>& need_score,
                             const std::vector<double>& draw);

}  // namespace elevsim

#pragma once
// The parameter draws of a PSA run (one row per replication, one column per
// drawn parameter) and the groups of parameters that EVPPI is computed for
// (params/psa_groups.toml).
#include <cstdint>
#include <string>
#include <vector>

namespace elevsim {

struct PsaDraws {
  std::vector<std::string> names;           // every parameter drawn, sorted
  std::vector<std::vector<double>> values;  // [replication of the slice][parameter]
  std::vector<std::string> funded;          // interventions some scenario of the run funds (catalogue order)
  std::string groups_toml, groups_file;     // params/psa_groups.toml verbatim and its path ("" = none)
  bool empty() const { return names.empty() || values.empty(); }
};

// The draws of global replications [begin, end) of every parameter drawn so far
// in this process (uncertain.hpp: drawn_parameters), recomputed from their keys:
// the same values the model used, whichever thread, rank or shard drew them.
PsaDraws record_draws(uint32_t seed, int begin, int end);
// Appends part's rows; throws std::runtime_error when the parameters differ.
void append_draws(PsaDraws& into, const PsaDraws& part);

struct PsaGroup {
  std::string id, label, label_en, source, grade;
  std::vector<std::string> patterns;
};

// params/psa_groups.toml; throws InputError (file, line, key) on a malformed file.
std::vector<PsaGroup> read_psa_groups(const std::string& text, const std::string& file);
// `*` matches any run of characters (dots too); everything else literally.
bool name_matches(const std::string& pattern, const std::string& name);
// The index of the one group whose patterns match `name`; -1 when none does.
// When two do: with `strict`, throws InputError naming the parameter, both
// groups and `file` (the test of the shipped groups); else the first (a
// finished run still reports, and the test names the overlap).
int group_of(const std::vector<PsaGroup>& groups, const std::string& name, const std::string& file,
             bool strict = true);

}  // namespace elevsim

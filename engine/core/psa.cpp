#include "psa.hpp"

#include <stdexcept>

#include "input_error.hpp"
#include "toml_reader.hpp"
#include "uncertain.hpp"

namespace elevsim {

PsaDraws record_draws(uint32_t seed, int begin, int end) {
  PsaDraws d;
  const auto drawn = drawn_parameters();
  for (const auto& p : drawn) d.names.push_back(p.first);
  for (int r = begin; r < end; ++r) {
    std::vector<double> row;
    row.reserve(drawn.size());
    for (const auto& [name, u] : drawn) row.push_back(draw_uncertain(u, name, seed, static_cast<uint32_t>(r)));
    d.values.push_back(std::move(row));
  }
  return d;
}

void append_draws(PsaDraws& into, const PsaDraws& part) {
  if (into.names.empty() && into.values.empty()) {
    into = part;
    return;
  }
  if (into.names != part.names) throw std::runtime_error("the slices drew different parameters (/psa/draws)");
  into.values.insert(into.values.end(), part.values.begin(), part.values.end());
}

std::vector<PsaGroup> read_psa_groups(const std::string& text, const std::string& file) {
  toml::table root = parse_toml_text(text, file);
  TomlTable t(root, file, "");
  std::vector<PsaGroup> out;
  for (const TomlTable& g : t.tables("group")) {
    PsaGroup p;
    p.id = g.string("id");
    p.label = g.string("label");
    p.label_en = g.string_or("label_en", p.label);
    p.source = g.string("source");
    p.grade = g.string("grade");
    if (p.grade != "F" && p.grade != "D" && p.grade != "A")
      throw InputError(g.file_of("grade"), g.line_of("grade"), g.qualified("grade"), "expected \"F\", \"D\" or \"A\"");
    p.patterns = g.strings_or("parameters");
    if (p.patterns.empty())
      throw InputError(g.file(), g.line(), g.qualified("parameters"), "a group needs at least one parameter pattern");
    for (const PsaGroup& q : out)
      if (q.id == p.id) throw InputError(g.file_of("id"), g.line_of("id"), g.qualified("id"), "group \"" + p.id + "\" is defined twice");
    g.finish();
    out.push_back(std::move(p));
  }
  t.finish();
  return out;
}

bool name_matches(const std::string& pattern, const std::string& name) {
  // iterative glob with backtracking to the last `*`: linear in practice, no recursion on hostile patterns
  size_t p = 0, n = 0, star = std::string::npos, mark = 0;
  while (n < name.size()) {
    if (p < pattern.size() && pattern[p] == '*') {
      star = p++;
      mark = n;
    } else if (p < pattern.size() && pattern[p] == name[n]) {
      ++p;
      ++n;
    } else if (star != std::string::npos) {
      p = star + 1;
      n = ++mark;
    } else {
      return false;
    }
  }
  while (p < pattern.size() && pattern[p] == '*') ++p;
  return p == pattern.size();
}

int group_of(const std::vector<PsaGroup>& groups, const std::string& name, const std::string& file, bool strict) {
  int found = -1;
  for (size_t g = 0; g < groups.size(); ++g)
    for (const std::string& pat : groups[g].patterns)
      if (name_matches(pat, name)) {
        if (found >= 0 && found != static_cast<int>(g)) {
          if (!strict) return found;
          throw InputError(file + ": parameter " + name + " matches two groups, \"" + groups[found].id + "\" and \"" +
                           groups[g].id + "\": make their `parameters` patterns exclusive");
        }
        found = static_cast<int>(g);
      }
  return found;
}

}  // namespace elevsim

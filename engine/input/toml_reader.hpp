#pragma once
// Strict reading of TOML tables: every key must be known, typed and in range.
// A reader records which keys were consumed; finish() refuses the rest, so a
// typo in a parameter file is an error instead of a silently ignored value.
#include <toml++/toml.h>

#include <limits>
#include <set>
#include <string>
#include <vector>

#include "uncertain_value.hpp"

namespace elevsim {

class TomlTable {
 public:
  TomlTable(const toml::table& t, std::string file, std::string path);

  double number(const std::string& key, double lo, double hi) const;
  double number_or(const std::string& key, double fallback, double lo, double hi) const;
  long integer(const std::string& key, long lo, long hi) const;
  long integer_or(const std::string& key, long fallback, long lo, long hi) const;
  std::string string(const std::string& key) const;
  std::string string_or(const std::string& key, const std::string& fallback) const;
  bool boolean_or(const std::string& key, bool fallback) const;
  // A fixed-length array of numbers, each in [lo, hi].
  std::vector<double> numbers(const std::string& key, size_t n, double lo, double hi) const;
  // An array of strings of any length; empty when the key is absent.
  std::vector<std::string> strings_or(const std::string& key) const;
  TomlTable table(const std::string& key) const;
  // An array of tables ([[key]] in TOML).
  std::vector<TomlTable> tables(const std::string& key) const;
  // The keys present, in file order.
  std::vector<std::string> keys() const;
  // A value that may be uncertain: a number, or a table
  // { value = x, low = a, high = b, dist = "uniform" | "triangular" | "lognormal" }.
  using Uncertain = UncertainValue;
  Uncertain uncertain(const std::string& key, double lo, double hi) const;
  bool has(const std::string& key) const;
  // Throws InputError naming the first key that nobody read.
  void finish() const;

  const std::string& file() const { return file_; }
  std::string qualified(const std::string& key) const { return path_.empty() ? key : path_ + "." + key; }
  long line_of(const std::string& key) const;
  long line() const;
  std::string file_of(const std::string& key) const;

 private:
  const toml::node& require(const std::string& key) const;
  [[noreturn]] void fail(const std::string& key, const std::string& what) const;

  const toml::table* t_;
  std::string file_, path_;
  mutable std::set<std::string> used_;
};

// Parses a file; a syntax error becomes an InputError with its line.
toml::table parse_toml_file(const std::string& path, std::string* text_out = nullptr);
toml::table parse_toml_text(const std::string& text, const std::string& name);
std::string read_text_file(const std::string& path);
// Copies every leaf of `over` into `base`, descending into tables, so a later
// file (calibrated values, a scenario's overrides) replaces single values.
// Nodes are moved out of `over` (toml++ keeps source positions only on move).
void merge_into(toml::table& base, toml::table& over);

}  // namespace elevsim

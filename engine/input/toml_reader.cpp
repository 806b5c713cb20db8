#include "toml_reader.hpp"

#include <filesystem>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>

#include "input_error.hpp"

namespace elevsim {

namespace {
std::string range_text(double lo, double hi) {
  std::ostringstream s;
  s << "a number in [" << lo << ", " << hi << "]";
  return s.str();
}
std::string describe(const toml::node& n) {
  std::ostringstream s;
  if (n.is_string()) s << '"' << *n.value<std::string>() << '"';
  else if (n.is_table()) s << "a table";
  else if (n.is_array()) s << "an array";
  else n.visit([&](auto&& v) { s << v; });
  return s.str();
}
}  // namespace

TomlTable::TomlTable(const toml::table& t, std::string file, std::string path)
    : t_(&t), file_(std::move(file)), path_(std::move(path)) {}

bool TomlTable::has(const std::string& key) const { return t_->contains(key); }

long TomlTable::line() const { return t_->source().begin.line; }

long TomlTable::line_of(const std::string& key) const {
  if (auto* n = t_->get(key)) return n->source().begin.line;
  return line();
}

std::string TomlTable::file_of(const std::string& key) const {
  // Merged tables keep each value's own file, so an error in an override
  // points at the override file rather than the base parameter file.
  if (auto* n = t_->get(key); n && n->source().path) return *n->source().path;
  if (t_->source().path) return *t_->source().path;
  return file_;
}

void TomlTable::fail(const std::string& key, const std::string& what) const {
  throw InputError(file_of(key), line_of(key), qualified(key), what);
}

const toml::node& TomlTable::require(const std::string& key) const {
  used_.insert(key);
  const toml::node* n = t_->get(key);
  if (!n) throw InputError(file_of(key), line(), qualified(key), "missing; this key is required");
  return *n;
}

double TomlTable::number(const std::string& key, double lo, double hi) const {
  const toml::node& n = require(key);
  std::optional<double> v = n.value<double>();
  if (!n.is_number() || !v) fail(key, "expected " + range_text(lo, hi) + ", got " + describe(n));
  if (!std::isfinite(*v) || *v < lo || *v > hi)
    fail(key, "expected " + range_text(lo, hi) + ", got " + describe(n));
  return *v;
}

double TomlTable::number_or(const std::string& key, double fallback, double lo, double hi) const {
  used_.insert(key);
  if (!has(key)) return fallback;
  return number(key, lo, hi);
}

long TomlTable::integer(const std::string& key, long lo, long hi) const {
  const toml::node& n = require(key);
  std::ostringstream allowed;
  allowed << "an integer in [" << lo << ", " << hi << "]";
  if (!n.is_integer()) fail(key, "expected " + allowed.str() + ", got " + describe(n));
  long v = static_cast<long>(*n.value<int64_t>());
  if (v < lo || v > hi) fail(key, "expected " + allowed.str() + ", got " + describe(n));
  return v;
}

long TomlTable::integer_or(const std::string& key, long fallback, long lo, long hi) const {
  used_.insert(key);
  if (!has(key)) return fallback;
  return integer(key, lo, hi);
}

std::string TomlTable::string(const std::string& key) const {
  const toml::node& n = require(key);
  if (!n.is_string()) fail(key, "expected a string, got " + describe(n));
  std::string v = *n.value<std::string>();
  // C strings (HDF5 attributes, group names) would end there and cut it silently
  if (v.find('\0') != std::string::npos) fail(key, "expected text without the NUL character (\\u0000)");
  return v;
}

std::string TomlTable::string_or(const std::string& key, const std::string& fallback) const {
  used_.insert(key);
  if (!has(key)) return fallback;
  return string(key);
}

bool TomlTable::boolean_or(const std::string& key, bool fallback) const {
  used_.insert(key);
  if (!has(key)) return fallback;
  const toml::node& n = require(key);
  if (!n.is_boolean()) fail(key, "expected true or false, got " + describe(n));
  return *n.value<bool>();
}

std::vector<double> TomlTable::numbers(const std::string& key, size_t len, double lo, double hi) const {
  const toml::node& n = require(key);
  std::string allowed = "an array of " + std::to_string(len) + " numbers, each " + range_text(lo, hi);
  const toml::array* a = n.as_array();
  if (!a || a->size() != len) fail(key, "expected " + allowed + ", got " + describe(n));
  std::vector<double> out;
  for (const toml::node& e : *a) {
    std::optional<double> v = e.value<double>();
    if (!e.is_number() || !v || !std::isfinite(*v) || *v < lo || *v > hi)
      throw InputError(file_of(key), e.source().begin.line, qualified(key),
                       "expected " + allowed + ", got element " + describe(e));
    out.push_back(*v);
  }
  return out;
}

std::vector<std::string> TomlTable::strings_or(const std::string& key) const {
  used_.insert(key);
  std::vector<std::string> out;
  if (!has(key)) return out;
  const toml::node& n = require(key);
  const toml::array* a = n.as_array();
  if (!a) fail(key, "expected an array of strings, got " + describe(n));
  for (const toml::node& e : *a) {
    if (!e.is_string())
      throw InputError(file_of(key), e.source().begin.line, qualified(key),
                       "expected an array of strings, got element " + describe(e));
    out.push_back(*e.value<std::string>());
    if (out.back().find('\0') != std::string::npos)
      throw InputError(file_of(key), e.source().begin.line, qualified(key), "expected text without the NUL character (\\u0000)");
  }
  return out;
}

TomlTable TomlTable::table(const std::string& key) const {
  const toml::node& n = require(key);
  if (!n.is_table()) fail(key, "expected a table, got " + describe(n));
  return TomlTable(*n.as_table(), file_, qualified(key));
}

std::vector<TomlTable> TomlTable::tables(const std::string& key) const {
  const toml::node& n = require(key);
  const toml::array* a = n.as_array();
  if (!a || !a->is_array_of_tables())
    fail(key, "expected an array of tables ([[" + qualified(key) + "]] sections), got " + describe(n));
  std::vector<TomlTable> out;
  for (const toml::node& e : *a) out.emplace_back(*e.as_table(), file_, qualified(key));
  return out;
}

std::vector<std::string> TomlTable::keys() const {
  std::vector<std::pair<long, std::string>> k;
  for (auto&& [key, v] : *t_) k.emplace_back(v.source().begin.line, std::string(key.str()));
  std::stable_sort(k.begin(), k.end());
  std::vector<std::string> out;
  for (auto& p : k) out.push_back(p.second);
  return out;
}

TomlTable::Uncertain TomlTable::uncertain(const std::string& key, double lo, double hi) const {
  Uncertain u;
  const toml::node& n = require(key);
  if (!n.is_table()) {
    u.value = u.low = u.high = number(key, lo, hi);
    return u;
  }
  TomlTable t = table(key);
  u.value = t.number("value", lo, hi);
  u.low = t.number_or("low", u.value, lo, hi);
  u.high = t.number_or("high", u.value, lo, hi);
  u.dist = t.string_or("dist", "uniform");
  if (u.dist != "uniform" && u.dist != "triangular" && u.dist != "lognormal" && u.dist != "fixed")
    throw InputError(t.file_of("dist"), t.line_of("dist"), t.qualified("dist"),
                     "expected uniform, triangular, lognormal or fixed, got \"" + u.dist + "\"");
  if (!(u.low <= u.value && u.value <= u.high))
    throw InputError(t.file_of("value"), t.line_of("value"), t.qualified("value"),
                     "expected low <= value <= high");
  if (u.dist == "lognormal" && u.low <= 0)
    throw InputError(t.file_of("low"), t.line_of("low"), t.qualified("low"), "a lognormal needs low > 0");
  t.finish();
  return u;
}

void TomlTable::finish() const {
  for (auto&& [k, v] : *t_) {
    std::string key(k.str());
    if (!used_.count(key)) {
      std::string known;
      for (const auto& u : used_) known += (known.empty() ? "" : ", ") + u;
      throw InputError(v.source().path ? *v.source().path : file_, v.source().begin.line, qualified(key),
                       "unknown key; allowed here: " + (known.empty() ? std::string("none") : known));
    }
  }
}

std::string read_text_file(const std::string& path) {
  std::error_code ec;
  if (std::filesystem::is_directory(path, ec)) throw InputError(path, 0, "", "is a folder; expected a file");
  std::ifstream in(path, std::ios::binary);
  if (!in) throw InputError(path, 0, "", "cannot open file (missing or unreadable)");
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

toml::table parse_toml_text(const std::string& text, const std::string& name) {
  try {
    return toml::parse(text, name);
  } catch (const toml::parse_error& e) {
    throw InputError(name, e.source().begin.line, "", std::string("TOML syntax error: ") + std::string(e.description()));
  }
}

toml::table parse_toml_file(const std::string& path, std::string* text_out) {
  std::string text = read_text_file(path);
  if (text_out) *text_out = text;
  return parse_toml_text(text, path);
}

}  // namespace elevsim

namespace elevsim {
void merge_into(toml::table& base, toml::table& over) {
  for (auto&& [k, v] : over) {
    if (v.is_table() && base.contains(k) && base.get(k)->is_table()) {
      merge_into(*base.get(k)->as_table(), *v.as_table());
    } else {
      base.insert_or_assign(k, std::move(v));
    }
  }
}
}  // namespace elevsim

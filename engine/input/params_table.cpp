#include "params_table.hpp"

#include <sstream>

namespace elevsim {

namespace {
std::string trim(const std::string& s) {
  const auto a = s.find_first_not_of(" \t\r");
  if (a == std::string::npos) return "";
  return s.substr(a, s.find_last_not_of(" \t\r") - a + 1);
}

// Position of a '#' that starts a comment, outside quoted strings.
size_t comment_pos(const std::string& line) {
  char quote = 0;
  for (size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quote) {
      if (c == '\\' && quote == '"') ++i;
      else if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '#') {
      return i;
    }
  }
  return std::string::npos;
}

int bracket_balance(const std::string& s) {
  int b = 0;
  char quote = 0;
  for (char c : s) {
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '[' || c == '{') {
      ++b;
    } else if (c == ']' || c == '}') {
      --b;
    }
  }
  return b;
}
}  // namespace

std::vector<ParamRow> parse_params_toml(const std::string& text, const std::string& strip_prefix) {
  std::vector<ParamRow> rows;
  std::istringstream in(text);
  std::string line, file, section, block, prev_source;
  bool prev_was_key = false;
  while (std::getline(in, line)) {
    const std::string t = trim(line);
    if (t.empty()) {
      block.clear();
      prev_was_key = false;
      continue;
    }
    if (t.rfind("# =====", 0) == 0) {
      file = trim(t.substr(7, t.rfind("=====") > 7 ? t.rfind("=====") - 7 : std::string::npos));
      block.clear();
      prev_was_key = false;
      continue;
    }
    if (t[0] == '#') {
      // a line of '#' alone (a blank line inside a comment) adds nothing
      const size_t text_at = t.find_first_not_of('#');
      const std::string c = text_at == std::string::npos ? "" : trim(t.substr(text_at));
      if (!c.empty()) block += block.empty() ? c : " " + c;
      prev_was_key = false;
      continue;
    }
    if (t[0] == '[') {
      section = trim(t.substr(t.find_first_not_of('['), t.find(']') - t.find_first_not_of('[')));
      block.clear();
      prev_was_key = false;
      continue;
    }
    const size_t eq = t.find('=');
    if (eq == std::string::npos) continue;
    std::string rest = t.substr(eq + 1);
    // multi-line arrays and inline tables continue until their brackets close
    std::string trailing;
    auto strip_comment = [&](std::string s) {
      const size_t cp = comment_pos(s);
      if (cp != std::string::npos) {
        const std::string c = trim(s.substr(cp + 1));
        trailing += trailing.empty() ? c : " " + c;
        s = s.substr(0, cp);
      }
      return trim(s);
    };
    std::string value = strip_comment(rest);
    while (bracket_balance(value) > 0 && std::getline(in, line)) value += " " + strip_comment(line);
    ParamRow row;
    row.file = file;
    row.section = section;
    row.key = trim(t.substr(0, eq));
    row.value = value;
    // a comment block above a run of values covers them all; a comment on a
    // value's own line covers only that value
    if (!block.empty()) prev_source = block;
    else if (!prev_was_key) prev_source.clear();
    row.source = !trailing.empty() ? trailing : prev_source;
    block.clear();
    prev_was_key = true;
    if (!strip_prefix.empty()) {
      const std::string bare = strip_prefix.substr(0, strip_prefix.size() - 1);  // "params." -> "params"
      if (section == bare) row.section = "";
      else if (section.rfind(strip_prefix, 0) == 0) row.section = section.substr(strip_prefix.size());
      else continue;
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace elevsim

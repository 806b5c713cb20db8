#pragma once
// The small CSV dialect of params/: '#' comment lines, a header, no quoting
// beyond plain double quotes, fields trimmed.
#include <string>
#include <vector>

namespace elevsim {

std::vector<std::string> split_csv_line(const std::string& line);
// A field as a number in [lo, hi], or an InputError naming file, line and column.
double csv_number(const std::string& file, long line, const std::string& col, const std::string& text, double lo,
                  double hi);

}  // namespace elevsim

#pragma once
// The small CSV dialect of params/: '#' comment lines, a header, no quoting
// beyond plain double quotes, fields trimmed.
#include <functional>
#include <string>
#include <vector>

namespace elevsim {

std::vector<std::string> split_csv_line(const std::string& line);
// A field as a number in [lo, hi], or an InputError naming file, line and column.
double csv_number(const std::string& file, long line, const std::string& col, const std::string& text, double lo,
                  double hi);

// Calls row(line number, fields) for every data row after checking the header
// against `columns` and each row's field count; returns the last line number.
long for_each_csv_row(const std::string& file, const std::string& text, const std::vector<std::string>& columns,
                      const std::function<void(long, const std::vector<std::string>&)>& row);

}  // namespace elevsim

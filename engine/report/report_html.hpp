#pragma once
// `elevsim report`: one self-contained HTML file (scripts, styles and data
// inline, no network request) summarising a run for readers who do not read
// HDF5, in Norwegian bokmål or English.
#include <string>

#include "locale.hpp"
#include "report_data.hpp"

namespace elevsim {

std::string render_report(const ReportData& data, Lang lang);
// Reads the run, renders and writes `out` through a temporary file.
void write_report(const std::string& h5_path, const std::string& out, Lang lang, const std::string& params_dir = "");

// Text made safe for HTML element content and attribute values.
std::string html_escape(const std::string& s);
// A JSON string literal that is also safe inside a <script> element.
std::string json_string(const std::string& s);

}  // namespace elevsim

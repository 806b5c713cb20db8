#pragma once
// One exception type for every problem with a user's input, so the command
// line can print exactly one line (file:line: key: what is allowed) and exit.
#include <stdexcept>
#include <string>

namespace elevsim {

class InputError : public std::runtime_error {
 public:
  InputError(const std::string& file, long line, const std::string& key, const std::string& what)
      : std::runtime_error(format(file, line, key, what)) {}
  explicit InputError(const std::string& msg) : std::runtime_error(msg) {}

 private:
  static std::string format(const std::string& file, long line, const std::string& key,
                            const std::string& what) {
    std::string s = file;
    if (line > 0) s += ":" + std::to_string(line);
    s += ": ";
    if (!key.empty()) s += "key '" + key + "': ";
    return s + what;
  }
};

}  // namespace elevsim

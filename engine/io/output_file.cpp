#include "output_file.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <unistd.h>

#include <linux/fs.h>
#include <sys/syscall.h>

#include <atomic>
#include <mutex>
#include <set>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <stdexcept>

#include "input_error.hpp"

namespace fs = std::filesystem;

namespace elevsim {

namespace {

// Fixed storage the signal handler can walk without allocating or locking:
// a slot is published (state 2) only once its path is complete.
constexpr int kSlots = 64;
constexpr size_t kPathMax = 4096;
struct Slot {
  std::atomic<int> state{0};  // 0 free, 1 being filled, 2 registered
  char path[kPathMax];
};
Slot g_slots[kSlots];
std::atomic<bool> g_installed{false};

int register_path(const std::string& p) {
  if (p.size() >= kPathMax) return -1;
  for (int i = 0; i < kSlots; ++i) {
    int expected = 0;
    if (g_slots[i].state.compare_exchange_strong(expected, 1)) {
      std::memcpy(g_slots[i].path, p.c_str(), p.size() + 1);
      g_slots[i].state.store(2);
      return i;
    }
  }
  return -1;  // more than kSlots temporaries at once: still removed on errors, not on signals
}

void unregister(int i) {
  if (i >= 0) g_slots[i].state.store(0);
}

extern "C" void remove_temporaries(int sig) {
  for (Slot& s : g_slots)
    if (s.state.load() == 2) ::unlink(s.path);  // async-signal-safe
  // die of the signal, as the shell expects
  ::signal(sig, SIG_DFL);
  ::raise(sig);
}

std::string errno_text() { return std::strerror(errno); }

std::mutex g_replace_mutex;
std::set<std::string> g_replaceable;

bool replaceable(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_replace_mutex);
  return g_replaceable.count(fs::absolute(path).lexically_normal().string()) > 0;
}

// rename(2) that fails with EEXIST instead of replacing: renameat2 with
// RENAME_NOREPLACE, else (file systems without it) link(2) then unlink(2).
int rename_noreplace(const std::string& from, const std::string& to) {
#ifdef SYS_renameat2
  if (::syscall(SYS_renameat2, AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), RENAME_NOREPLACE) == 0) return 0;
  if (errno != EINVAL && errno != ENOSYS) return -1;
#endif
  if (::link(from.c_str(), to.c_str()) != 0) return -1;
  ::unlink(from.c_str());
  return 0;
}

}  // namespace

void allow_replacing(const std::string& path) {
  std::lock_guard<std::mutex> lock(g_replace_mutex);
  g_replaceable.insert(fs::absolute(path).lexically_normal().string());
}

void check_not_an_input(const std::string& out, const std::vector<std::string>& inputs, const std::string& option) {
  struct stat o {};
  if (::stat(out.c_str(), &o) != 0) return;  // nothing there yet: no input either
  for (const std::string& in : inputs) {
    struct stat i {};
    if (::stat(in.c_str(), &i) == 0 && i.st_dev == o.st_dev && i.st_ino == o.st_ino)
      throw InputError(out, 0, option, "is the input " + in + " (the same file); choose another output");
  }
}

void install_cleanup_handlers() {
  if (g_installed.exchange(true)) return;
  struct sigaction sa {};
  sa.sa_handler = remove_temporaries;
  sigemptyset(&sa.sa_mask);
  for (int sig : {SIGINT, SIGTERM, SIGHUP}) ::sigaction(sig, &sa, nullptr);
}

void check_output_path(const std::string& path, bool force, const std::string& option) {
  if (path.empty() || path.back() == '/') throw InputError(path, 0, option, "expected a file name, not a folder");
  struct stat st {};
  if (::stat(path.c_str(), &st) == 0) {
    if (!S_ISREG(st.st_mode))
      throw InputError(path, 0, option,
                       std::string("exists and is not a regular file (") +
                           (S_ISDIR(st.st_mode) ? "a folder" : S_ISFIFO(st.st_mode) ? "a FIFO" : "a device or special file") +
                           "); choose another output");
    if (!force) throw InputError(path, 0, option, "exists; pass --force to replace it");
  }
  if (force) allow_replacing(path);
  const fs::path parent = fs::path(path).has_parent_path() ? fs::path(path).parent_path() : fs::path(".");
  std::error_code ec;
  if (!fs::is_directory(parent, ec)) throw InputError(path, 0, option, "the folder " + parent.string() + " does not exist");
  if (::access(parent.c_str(), W_OK | X_OK) != 0)
    throw InputError(path, 0, option, "the folder " + parent.string() + " is not writable");
}

void sync_path(const std::string& path, bool directory) {
  const int fd = ::open(path.c_str(), (directory ? O_DIRECTORY : 0) | O_RDONLY | O_CLOEXEC);
  if (fd < 0) throw std::runtime_error("cannot open " + path + " to flush it: " + errno_text());
  const int r = ::fsync(fd);
  const int err = errno;
  const std::string why = r != 0 ? errno_text() : "";
  ::close(fd);
  // some file systems cannot sync a folder; the file itself is what matters
  if (r != 0 && !(directory && (err == EINVAL || err == EROFS)))
    throw std::runtime_error("cannot flush " + path + " to disk: " + why);
}

void remove_stale_temporaries(const fs::path& dir, const std::string& stem) {
  std::error_code ec;
  const fs::path d = dir.empty() ? fs::path(".") : dir;
  if (!fs::is_directory(d, ec)) return;
  for (const auto& e : fs::directory_iterator(d, ec)) {
    const std::string name = e.path().filename().string();
    const size_t p = name.find(".partial-");
    if (p == std::string::npos || (!stem.empty() && name.substr(0, p) != stem)) continue;
    const long pid = std::atol(name.c_str() + p + 9);
    if (pid <= 0 || pid == ::getpid() || ::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM) continue;  // alive
    fs::remove(e.path(), ec);
  }
}

TempFile::TempFile(std::string final_path) : final_(std::move(final_path)) {
  remove_stale_temporaries(fs::path(final_).parent_path(), fs::path(final_).filename().string());
  tmp_ = final_ + ".partial-" + std::to_string(::getpid());
  slot_ = register_path(tmp_);
}

TempFile::~TempFile() { discard(); }

void TempFile::discard() {
  if (done_) return;
  ::unlink(tmp_.c_str());
  unregister(slot_);
  done_ = true;
}

void TempFile::commit() {
  sync_path(tmp_);
  if (replaceable(final_)) {
    std::error_code ec;
    fs::rename(tmp_, final_, ec);
    if (ec) throw std::runtime_error("cannot rename " + tmp_ + " to " + final_ + ": " + ec.message());
  } else if (rename_noreplace(tmp_, final_) != 0) {
    if (errno != EEXIST) throw std::runtime_error("cannot rename " + tmp_ + " to " + final_ + ": " + errno_text());
    // someone else's file appeared there while we worked: it stays, and so does this result
    const std::string kept = final_ + ".new-" + std::to_string(::getpid());
    const bool moved = rename_noreplace(tmp_, kept) == 0;
    if (moved) {
      unregister(slot_);
      done_ = true;
    }
    throw InputError(final_, 0, "",
                     "appeared while this command ran and was not replaced (pass --force to replace an output); " +
                         (moved ? "this result is kept as " + kept : std::string("this result was discarded")));
  }
  unregister(slot_);
  done_ = true;
  const fs::path parent = fs::path(final_).has_parent_path() ? fs::path(final_).parent_path() : fs::path(".");
  sync_path(parent.string(), true);
}

}  // namespace elevsim

#pragma once
// Output that cannot destroy: every file elevsim writes (run files, merged
// runs, checkpoint shards, reports, CSV) is written under a temporary name
// beside its final one, flushed to disk and renamed only when complete. The
// temporary file is removed on any error, and on SIGINT, SIGTERM or SIGHUP by
// a signal handler; only SIGKILL can leave one (`--resume` and the next run
// of the same output clear those of dead processes).
#include <filesystem>
#include <string>
#include <vector>

namespace elevsim {

// Refuses (InputError naming `option`) an output path that exists and is not a
// regular file (a directory, device, FIFO, socket), one that exists unless
// `force`, and one whose folder is missing or not writable. With `force` the
// path is registered as one this process may replace (allow_replacing).
void check_output_path(const std::string& path, bool force, const std::string& option);

// Refuses an output that is one of the command's inputs: the same file
// (st_dev and st_ino) through any symlink or hard link.
void check_not_an_input(const std::string& out, const std::vector<std::string>& inputs, const std::string& option);

// No-clobber to the end: TempFile::commit publishes with an atomic rename that
// never replaces a file (renameat2 RENAME_NOREPLACE, or link() where the file
// system has no such rename), so a file that appeared at the output while the
// command ran survives, unless the path was registered here (--force, or files
// that exist to be replaced such as calibrated.toml and checkpoint shards).
void allow_replacing(const std::string& path);

// Installs the handlers that remove registered temporary files on SIGINT,
// SIGTERM and SIGHUP before the process dies of the signal. Idempotent.
void install_cleanup_handlers();

class TempFile {
 public:
  // `final_path`.partial-PID, registered for removal on signals; first
  // removes those of the same final path left by killed processes
  explicit TempFile(std::string final_path);
  ~TempFile();  // removes the temporary file unless committed
  TempFile(const TempFile&) = delete;
  TempFile& operator=(const TempFile&) = delete;
  const std::string& path() const { return tmp_; }
  const std::string& final_path() const { return final_; }
  // fsync the file, publish it under the final path, fsync the folder. The
  // final path is replaced only if allow_replacing() registered it; a file that
  // appeared there meanwhile is kept, this result moved to FINAL.new-PID, and
  // InputError says so.
  void commit();
  // removes the temporary file now (idempotent)
  void discard();

 private:
  std::string final_, tmp_;
  int slot_ = -1;
  bool done_ = false;
};

// Removes the temporary files <stem>.partial-PID... in `dir` (any stem if
// `stem` is empty) whose process is no longer running: what SIGKILL leaves.
void remove_stale_temporaries(const std::filesystem::path& dir, const std::string& stem);

// fsync of a closed file or folder; throws on failure.
void sync_path(const std::string& path, bool directory = false);

}  // namespace elevsim

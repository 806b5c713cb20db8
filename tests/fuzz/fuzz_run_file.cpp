// libFuzzer target: the readers of run files (summary, compare, report,
// export and merge all go through them). Mostly structure-aware: a small valid
// run file is written once; each input is a list of 4-byte edits applied to a
// fresh copy of it through the HDF5 API (an attribute made an array, retyped,
// deleted or given odd values; a dataset or dimension scale reshaped or
// retyped; an object removed), and then every reader runs on the result. They
// may refuse it, never crash. Inputs longer than eight edits go on with raw
// byte changes of the edited real file (since the format carries checksums,
// raw damage is refused by them; tests/test_run_file_bytes.cpp sweeps it).
#include <hdf5.h>
#include <hdf5_hl.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <stdexcept>
#include <string>
#include <vector>

#include "compare.hpp"
#include "fuzz_common.hpp"
#include "h5.hpp"
#include "h5_writer.hpp"
#include "merge.hpp"
#include "report_data.hpp"
#include "runner.hpp"
#include "scenario.hpp"
#include "shards.hpp"
#include "summary.hpp"

namespace fs = std::filesystem;
using namespace elevsim;

namespace {

struct Template {
  std::string bytes;
  std::vector<std::string> objects;  // every group and dataset, "/" first
};

const Template& base() {
  static const Template t = [] {
    h5::quiet();
    Template t;
    const std::string src = ELEVSIM_SOURCE_DIR;
    RunOptions opt;
    opt.replications = 2;
    opt.scale = 0.005;
    opt.threads = 1;
    std::vector<Scenario> sc{load_scenario(src + "/scenarios/baseline.toml"),
                             load_scenario(src + "/scenarios/package-per-capita.toml")};
    for (Scenario& s : sc) s.years = 7;  // small, so each input runs in milliseconds
    RunResult run = run_in_memory(make_plan(sc, src + "/params", opt));
    // the datasets the readers interpret, and one with a service dimension
    const std::vector<std::string> keep{"pupils", "mh_complaints", "mh_disorder", "mh_new_cases", "cohort_entrants",
                                        "cohort_completed", "spending_nok", "treated", "wait_weeks"};
    for (ScenarioResult& r : run.scenarios)
      std::erase_if(r.datasets, [&](const Dataset& d) { return std::find(keep.begin(), keep.end(), d.name) == keep.end(); });
    const fs::path p = fuzz::scratch() / "template.h5";
    write_run(run, p.string());
    std::ifstream in(p, std::ios::binary);
    t.bytes.assign(std::istreambuf_iterator<char>(in), {});
    hid_t f = H5Fopen(p.c_str(), H5F_ACC_RDONLY, H5P_DEFAULT);
    t.objects.push_back("/");
    auto cb = [](hid_t, const char* name, const H5O_info_t*, void* data) -> herr_t {
      if (std::string(name) != ".") static_cast<std::vector<std::string>*>(data)->push_back(std::string("/") + name);
      return 0;
    };
    H5Ovisit2(f, H5_INDEX_NAME, H5_ITER_INC, cb, &t.objects, H5O_INFO_BASIC);
    H5Fclose(f);
    return t;
  }();
  return t;
}

std::vector<std::string> attr_names(hid_t obj) {
  std::vector<std::string> names;
  auto cb = [](hid_t, const char* name, const H5A_info_t*, void* data) -> herr_t {
    static_cast<std::vector<std::string>*>(data)->push_back(name);
    return 0;
  };
  hsize_t idx = 0;
  H5Aiterate2(obj, H5_INDEX_NAME, H5_ITER_INC, &idx, cb, &names);
  return names;
}

// Strings as elevsim writes them (fixed-length, outputs/README.md "Format"), so
// that edits reach the readers' checks; a variable-length one (seed % 5 == 0)
// now and then, which the readers refuse unread.
hid_t str_type(int seed, size_t len) {
  hid_t t = H5Tcopy(H5T_C_S1);
  H5Tset_size(t, seed % 5 == 0 ? H5T_VARIABLE : std::max<size_t>(len, 1));
  return t;
}

// Attribute `name` of `obj` replaced by `n` elements (n == 0: a scalar) of
// class `cls` (0 integer, 1 float, 2 string) holding `seed`-derived values.
void put_attr(hid_t obj, const std::string& name, int cls, hsize_t n, int seed) {
  if (H5Aexists(obj, name.c_str()) > 0) H5Adelete(obj, name.c_str());
  hid_t space = n ? H5Screate_simple(1, &n, nullptr) : H5Screate(H5S_SCALAR);
  const size_t count = n ? n : 1;
  static const int64_t ints[] = {-1, 0, 1, 2, 3, 15, 2147483648LL, -1099511627776LL, 1000001, 2025, 4294967296LL};
  static const char* const strs[] = {"", ",", "replication", "a,b,c", "replication,year,county,sex,ses,grade,x",
                                     "../x", "scenarios", "baseline", "DIMENSION_SCALE", "county,county,county",
                                     "replication,year", "dropouts_avoided,nope", "package-per-capita"};
  if (cls == 0) {
    std::vector<int64_t> v(count, ints[seed % (sizeof ints / sizeof ints[0])]);
    hid_t a = H5Acreate2(obj, name.c_str(), H5T_STD_I64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_INT64, v.data());
    H5Aclose(a);
  } else if (cls == 1) {
    std::vector<double> v(count, seed % 3 == 0 ? 0.0 : seed % 3 == 1 ? 1e300 : -0.5);
    hid_t a = H5Acreate2(obj, name.c_str(), H5T_IEEE_F64LE, space, H5P_DEFAULT, H5P_DEFAULT);
    H5Awrite(a, H5T_NATIVE_DOUBLE, v.data());
    H5Aclose(a);
  } else {
    const std::string text = strs[seed % (sizeof strs / sizeof strs[0])];
    hid_t t = str_type(seed, text.size());
    hid_t a = H5Acreate2(obj, name.c_str(), t, space, H5P_DEFAULT, H5P_DEFAULT);
    if (H5Tis_variable_str(t) > 0) {
      std::vector<const char*> v(count, text.c_str());
      H5Awrite(a, t, v.data());
    } else {
      std::string buf;
      for (size_t i = 0; i < count; ++i) buf += text.empty() ? std::string(1, '\0') : text;
      H5Awrite(a, t, buf.data());
    }
    H5Aclose(a);
    H5Tclose(t);
  }
  H5Sclose(space);
}

// Copies the attributes that describe a dataset (not the scale bookkeeping,
// whose references would point at the old object) from `src` to `dst`.
void copy_plain_attrs(hid_t src, hid_t dst) {
  for (const std::string& n : attr_names(src)) {
    if (n == "DIMENSION_LIST" || n == "REFERENCE_LIST") continue;
    hid_t a = H5Aopen(src, n.c_str(), H5P_DEFAULT);
    hid_t ft = H5Aget_type(a), mt = H5Tget_native_type(ft, H5T_DIR_ASCEND), sp = H5Aget_space(a);
    std::vector<unsigned char> buf(static_cast<size_t>(H5Sget_simple_extent_npoints(sp)) * H5Tget_size(mt) + 16);
    if (H5Aread(a, mt, buf.data()) >= 0) {
      hid_t b = H5Acreate2(dst, n.c_str(), ft, sp, H5P_DEFAULT, H5P_DEFAULT);
      H5Awrite(b, mt, buf.data());
      H5Aclose(b);
      if (H5Tdetect_class(mt, H5T_STRING) > 0 && H5Tis_variable_str(mt) > 0) H5Dvlen_reclaim(mt, sp, H5P_DEFAULT, buf.data());
    }
    H5Sclose(sp);
    H5Tclose(mt);
    H5Tclose(ft);
    H5Aclose(a);
  }
}

// Dataset `path` replaced by one of rank `rank` (extents from `e`) and type
// class `cls` (0 integer, 1 float, 2 string), keeping its plain attributes.
void replace_dataset(hid_t f, const std::string& path, int rank, uint8_t e, int cls) {
  hid_t old = H5Dopen2(f, path.c_str(), H5P_DEFAULT);
  if (old < 0) return;
  const size_t slash = path.rfind('/');
  const std::string parent = path.substr(0, slash == 0 ? 1 : slash), tmp = path + "__new";
  std::vector<hsize_t> dims;
  static const hsize_t extents[] = {0, 1, 2, 3, 5, 13, 15, 20, 64};
  for (int k = 0; k < rank; ++k) dims.push_back(extents[(e >> (2 * k)) % (sizeof extents / sizeof extents[0])]);
  hid_t space = rank ? H5Screate_simple(rank, dims.data(), nullptr) : H5Screate(H5S_SCALAR);
  hid_t type = cls == 0 ? H5Tcopy(H5T_STD_I64LE) : cls == 1 ? H5Tcopy(H5T_IEEE_F64LE) : str_type(e, 12);
  hid_t ds = H5Dcreate2(f, tmp.c_str(), type, space, H5P_DEFAULT, H5P_DEFAULT, H5P_DEFAULT);
  if (ds >= 0) {
    copy_plain_attrs(old, ds);
    H5Dclose(ds);
  }
  H5Tclose(type);
  H5Sclose(space);
  H5Dclose(old);
  if (ds >= 0) {
    H5Ldelete(f, path.c_str(), H5P_DEFAULT);
    H5Lmove(f, tmp.c_str(), f, path.c_str(), H5P_DEFAULT, H5P_DEFAULT);
  }
}

void apply(hid_t f, const Template& t, const uint8_t* op) {
  const std::string& path = t.objects[op[1] % t.objects.size()];
  hid_t obj = H5Oopen(f, path.c_str(), H5P_DEFAULT);
  if (obj < 0) return;  // removed by an earlier edit
  const std::vector<std::string> attrs = attr_names(obj);
  const std::string attr = attrs.empty() ? "seed" : attrs[op[2] % attrs.size()];
  H5O_info_t info;
  H5Oget_info2(obj, &info, H5O_INFO_BASIC);
  const bool dataset = info.type == H5O_TYPE_DATASET;
  switch (op[0] % 7) {
    case 0: put_attr(obj, attr, op[3] % 3, 1 + op[3] % 40, op[2]); break;  // an array where one value was
    case 1: put_attr(obj, attr, op[3] % 3, 0, op[2] / 3); break;           // one value of another type
    case 2: H5Adelete(obj, attr.c_str()); break;
    case 3: put_attr(obj, attr, attr == "population_scale" ? 1 : 0, 0, op[3]); break;  // odd values
    case 4: put_attr(obj, attr, 2, 0, op[3]); break;                                    // odd strings
    case 5:
      H5Oclose(obj);
      if (dataset) replace_dataset(f, path, op[2] % 4, op[3], op[2] / 4 % 3);
      return;
    default:
      H5Oclose(obj);
      if (path != "/") H5Ldelete(f, path.c_str(), H5P_DEFAULT);
      return;
  }
  H5Oclose(obj);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Template& t = base();
  const fs::path path = fuzz::scratch() / "run.h5", merged = fuzz::scratch() / "merged.h5";
  {
    std::ofstream o(path, std::ios::binary | std::ios::trunc);
    o << t.bytes;
  }
  hid_t f = H5Fopen(path.c_str(), H5F_ACC_RDWR, H5P_DEFAULT);
  for (size_t k = 0; k + 4 <= size && k < 4 * 8; k += 4) apply(f, t, data + k);
  H5Fclose(f);
  // then raw bytes of the edited real file, as damage in transit would change them:
  // each further 4 bytes set byte (b0 << 16 | b1 << 8 | b2) mod size to b3
  if (size > 4 * 8) {
    std::fstream io(path, std::ios::binary | std::ios::in | std::ios::out);
    io.seekg(0, std::ios::end);
    const size_t fsize = static_cast<size_t>(io.tellg());
    for (size_t k = 4 * 8; k + 4 <= size && k < 4 * 40 && fsize; k += 4) {
      io.seekp(static_cast<std::streamoff>(((size_t(data[k]) << 16) | (size_t(data[k + 1]) << 8) | data[k + 2]) % fsize));
      io.put(static_cast<char>(data[k + 3]));
    }
  }
  auto attempt = [](auto&& fn) {
    try {
      fn();
    } catch (const std::exception&) {
    }
  };
  attempt([&] { format_summary(read_run_info(path), headline_indicators(path)); });
  attempt([&] { format_comparisons(read_run_info(path), read_comparisons(path)); });
  attempt([&] { collect_report_data(path); });
  attempt([&] { merge_shards({path.string()}, merged.string()); });
  std::error_code ec;
  fs::remove(merged, ec);
  return 0;
}

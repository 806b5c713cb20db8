#pragma once
// A pupil attribute that one module owns: every module may read it, only the
// owner may write it, and the compiler holds to that. Reading goes through
// const access (operator[], data(), begin(), a const std::vector&), so a
// pointer taken with data() cannot be written through, nor handed to memset;
// writing needs the owner's key, WriteKey<Owner>, which only the owner's
// member functions can make (its constructor is private, the owner a friend).
// tests/compile_fail/write_unowned_field.cpp is the negative compile test.
#include <cstddef>
#include <vector>

namespace elevsim {

struct People;

template <class Owner>
class WriteKey {
  friend Owner;
  WriteKey() {}
};

template <class T, class Owner>
class PupilField {
 public:
  using value_type = T;
  const T& operator[](size_t i) const { return v_[i]; }
  const T* data() const { return v_.data(); }
  size_t size() const { return v_.size(); }
  bool empty() const { return v_.empty(); }
  typename std::vector<T>::const_iterator begin() const { return v_.begin(); }
  typename std::vector<T>::const_iterator end() const { return v_.end(); }
  operator const std::vector<T>&() const { return v_; }
  // The owner's write access: the whole array, to write as it likes.
  std::vector<T>& write(WriteKey<Owner>) { return v_; }

 private:
  friend struct People;  // sizing (People::resize), not writing pupils' values
  std::vector<T> v_;
};

}  // namespace elevsim

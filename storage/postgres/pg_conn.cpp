#include "storage/postgres/pg_conn.h"

#include <cstdio>
#include <cstdlib>
#include <optional>

#include "storage/postgres/pg_error.h"

namespace lanyard::storage::postgres {

namespace {

constexpr unsigned kBoolOid = 16;

class PgStatement final : public Statement {
 public:
  PgStatement(SessionSource& source, const char* key)
      : source_(source),
        key_(key),
        sql_(TranslatePlaceholders(key)),
        values_(static_cast<size_t>(sql_.parameter_count)) {}

  int ParameterCount() override { return sql_.parameter_count; }
  void BindNull(int index) override { Slot(index).reset(); }
  void BindInt(int index, int64_t value) override { Slot(index) = std::to_string(value); }
  void BindReal(int index, double value) override {
    char buf[40];
    std::snprintf(buf, sizeof buf, "%.17g", value);
    Slot(index) = buf;
  }
  void BindText(int index, const std::string& value) override { Slot(index) = value; }

  bool Step() override {
    if (!result_) Run();
    ++row_;
    return row_ < PQntuples(result_.get());
  }
  int Execute() override {
    Run();
    return std::atoi(PQcmdTuples(result_.get()));
  }
  bool IsNull(int col) override { return PQgetisnull(result_.get(), Row(), col) != 0; }
  int64_t Int(int col) override {
    const int row = Row();
    if (PQgetisnull(result_.get(), row, col)) return 0;
    const char* v = PQgetvalue(result_.get(), row, col);
    if (PQftype(result_.get(), col) == kBoolOid) return v[0] == 't' ? 1 : 0;
    return std::strtoll(v, nullptr, 10);
  }
  double Real(int col) override {
    const int row = Row();
    if (PQgetisnull(result_.get(), row, col)) return 0;
    return std::strtod(PQgetvalue(result_.get(), row, col), nullptr);
  }
  std::string Text(int col) override {
    const int row = Row();
    if (PQgetisnull(result_.get(), row, col)) return std::string();
    return std::string(PQgetvalue(result_.get(), row, col),
                       static_cast<size_t>(PQgetlength(result_.get(), row, col)));
  }
  void Reset() noexcept override {
    result_.reset();
    row_ = -1;
    for (auto& v : values_) v.reset();
  }

 private:
  std::optional<std::string>& Slot(int index) {
    if (index < 1 || index > sql_.parameter_count) {
      throw DbError("postgres: parameter " + std::to_string(index) + " out of range in " +
                        sql_.text,
                    "");
    }
    return values_[static_cast<size_t>(index - 1)];
  }
  int Row() const {
    if (!result_ || row_ < 0 || row_ >= PQntuples(result_.get())) {
      throw DbError("postgres: no current row in " + sql_.text, "");
    }
    return row_;
  }
  void Run() {
    std::vector<const char*> values;
    values.reserve(values_.size());
    for (const auto& v : values_) values.push_back(v ? v->c_str() : nullptr);
    result_ = source_.Run(key_, sql_, values);
    row_ = -1;
  }

  SessionSource& source_;
  const char* const key_;
  const TranslatedSql sql_;
  std::vector<std::optional<std::string>> values_;
  ResultPtr result_{nullptr, &PQclear};
  int row_ = -1;
};

}  // namespace

std::unique_ptr<Statement> PgConn::Prepare(const char* sql) {
  return std::make_unique<PgStatement>(source_, sql);
}

}  // namespace lanyard::storage::postgres

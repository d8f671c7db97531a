#include "storage/postgres/pg_session.h"

#include "storage/postgres/pg_error.h"

namespace lanyard::storage::postgres {

namespace {
constexpr unsigned kTextOid = 25;
void IgnoreNotice(void*, const char*) {}
}  // namespace

void CheckResult(PGconn* conn, const PGresult* result, const char* what) {
  const ExecStatusType status = result ? PQresultStatus(result) : PGRES_FATAL_ERROR;
  if (status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK) return;
  const char* state = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
  const char* message = result ? PQresultErrorMessage(result) : PQerrorMessage(conn);
  throw DbError(std::string("postgres: ") + what + ": " + (message ? message : "no answer"),
                state ? state : "");
}

PgSession::PgSession(const std::string& url) : url_(url) {
  conn_ = PQconnectdb(url_.c_str());
  if (PQstatus(conn_) != CONNECTION_OK) {
    const std::string message = PQerrorMessage(conn_);
    PQfinish(conn_);
    conn_ = nullptr;
    throw DbError("postgres: cannot connect: " + message, "");
  }
  PQsetNoticeProcessor(conn_, IgnoreNotice, nullptr);
}

PgSession::~PgSession() {
  if (conn_) PQfinish(conn_);
}

bool PgSession::EnsureConnected() {
  if (PQstatus(conn_) == CONNECTION_OK) return true;
  prepared_.clear();
  PQreset(conn_);
  return PQstatus(conn_) == CONNECTION_OK;
}

void PgSession::Exec(const std::string& sql) {
  ResultPtr result(PQexec(conn_, sql.c_str()), &PQclear);
  CheckResult(conn_, result.get(), "statement failed");
}

ResultPtr PgSession::Run(const char* key, const TranslatedSql& sql,
                         const std::vector<const char*>& values) {
  auto found = prepared_.find(key);
  if (found == prepared_.end()) {
    // Parameters the text does not name are declared text so that the server need not infer
    // a type for them (the listing of events binds a fixed numbering with gaps).
    std::vector<unsigned> types(static_cast<size_t>(sql.parameter_count), 0);
    for (size_t i = 0; i < types.size(); ++i) {
      if (!sql.named[i]) types[i] = kTextOid;
    }
    std::string name = "s" + std::to_string(++next_name_);
    ResultPtr prepared(PQprepare(conn_, name.c_str(), sql.text.c_str(), sql.parameter_count,
                                 types.empty() ? nullptr : types.data()),
                       &PQclear);
    CheckResult(conn_, prepared.get(), sql.text.c_str());
    found = prepared_.emplace(key, std::move(name)).first;
  }
  ResultPtr result(PQexecPrepared(conn_, found->second.c_str(), static_cast<int>(values.size()),
                                  values.empty() ? nullptr : values.data(), nullptr, nullptr, 0),
                   &PQclear);
  CheckResult(conn_, result.get(), sql.text.c_str());
  return result;
}

}  // namespace lanyard::storage::postgres

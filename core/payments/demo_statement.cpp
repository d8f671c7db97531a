#include "core/payments/demo_statement.h"

#include <fstream>

#include "storage/payments_repo.h"

namespace lanyard::payments {

namespace {

std::string Thousands(int64_t rupiah) {
  std::string digits = std::to_string(rupiah), out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return out + ".00";
}

}  // namespace

Result<std::string> WriteDemoStatement(App& app, int64_t event_id) {
  storage::Conn& c = app.db().Reader();
  std::string csv =
      "Informasi Rekening - Mutasi Rekening\n"
      "No. rekening : 1234567890\n"
      "Nama : PANITIA DEMO\n"
      "Kode Mata Uang : Rp\n"
      "\n"
      "Tanggal Transaksi,Keterangan,Cabang,Jumlah,,Saldo\n";
  int64_t balance = 5'000'000;
  int day = 1;
  auto line = [&](const std::string& description, int64_t amount, bool credit) {
    balance += credit ? amount : -amount;
    char date[8];
    std::snprintf(date, sizeof date, "%02d/%02d", day++ % 28 + 1, 11);
    csv += "'" + std::string(date) + ",\"'" + description + "\",'0000,\"" + Thousands(amount) + "\"," +
           (credit ? "CR" : "DB") + ",\"" + Thousands(balance) + "\"\n";
  };
  int n = 0;
  for (const auto& o : storage::PendingOrderBalances(c, event_id)) {
    const int64_t due = o.total - o.amount_paid;
    if (due <= 0) continue;
    // The first pending order is paid in full, the next in part: the desk sees both kinds.
    const int64_t amount = n++ == 0 ? due : due / 2;
    line("TRSF E-BANKING CR " + std::to_string(1100 + n) + "/FTSCY/WS950" + std::to_string(30 + n) + " " +
             std::to_string(amount) + ".00 " + o.code + " " + o.buyer_name,
         amount, true);
  }
  line("TRANSFER DARI HENDRA WIJAYA", 150000, true);
  line("BIAYA ADM", 10000, false);
  const std::string path = app.data_dir() + "/demo-bank-statement.csv";
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << csv;
  if (!out.good()) return Error::Make(codes::kInternal, "Cannot write " + path + ".");
  return path;
}

}  // namespace lanyard::payments

#include "core/orders/order_holders.h"

#include <map>

#include "core/common/validation.h"

namespace lanyard::orders {

Result<std::vector<storage::OrderHolderRow>> CheckHolders(const storage::EventRow& event,
                                                          const std::vector<HolderInput>& holders,
                                                          int64_t units) {
  std::vector<storage::OrderHolderRow> rows;
  if (event.holder_details == "off") return rows;
  const bool required = event.holder_details == "required";
  if (holders.empty() && !required) return rows;
  if (static_cast<int64_t>(holders.size()) != units) {
    return Error::Invalid("holders", "must name one holder for each of the " +
                                         std::to_string(units) + " tickets");
  }
  std::map<std::string, std::string> fields;
  for (size_t i = 0; i < holders.size(); ++i) {
    const std::string key = "holders[" + std::to_string(i) + "]";
    storage::OrderHolderRow row{static_cast<int64_t>(i) + 1, Trim(holders[i].name),
                                Trim(holders[i].email)};
    if (required && row.name.empty()) fields[key + ".name"] = "is required";
    if (Utf8Length(row.name) > 200 || HasControlChars(row.name, false)) {
      fields[key + ".name"] = "must be at most 200 characters on one line";
    }
    if (!row.email.empty() && (!LooksLikeEmail(row.email) || row.email.size() > 254)) {
      fields[key + ".email"] = "must be an e-mail address";
    }
    rows.push_back(std::move(row));
  }
  if (!fields.empty()) return Error::Invalid(fields);
  return rows;
}

}  // namespace lanyard::orders

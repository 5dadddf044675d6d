#pragma once
// A day's appointments as the booking system exports them, for
// `import_appointments` (hallqctl appointments import, the staff console's
// upload): CSV, one appointment a line — code,service,time[,id_number[,name]] —
// or a JSON array of appointment objects. CSV as RFC 4180 has it: fields may be
// quoted ("…", "" for a quote inside), CRLF or LF line ends; a UTF-8 byte-order
// mark (spreadsheet programs write one), blank lines, lines starting with '#'
// and a first line starting with "code" (a header) are skipped.

#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/protocol/appointments.hpp"

namespace hallq::protocol {

// The appointments in `text`, or why not ("line 4: need code,service,time").
std::variant<std::vector<AppointmentEntry>, std::string> read_appointments(std::string_view text);

}  // namespace hallq::protocol

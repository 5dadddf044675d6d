#pragma once
// The store's schema steps (server/store_schema.cpp). Never edit a shipped
// step; add one and raise Store::kSchemaVersion.

namespace hallq::server {

// The SQL that brings a database from user_version `from_version` to the next;
// 0 <= from_version < Store::kSchemaVersion.
const char* migration(int from_version);

}  // namespace hallq::server

#pragma once
// Where a register lives (a SQLite file, "sqlite:PATH" or a postgresql:// URL), for the programs: the
// few questions the GUI and the CLI ask about a location, without reaching the database connection
// itself (registry/Database.h is internal to the registry; see docs/ARCHITECTURE.md).

#include "pki/Result.h"

#include <QString>

namespace tirkeu::registry {

class RegisterLocation {
public:
    static bool isPostgresUrl(const QString& location);
    // The location without a password (for messages, logs and the GUI).
    static QString redacted(const QString& location);
    // Whether the location carries a password (a PostgreSQL URL's user:password@, or a password= option): then it
    // is a secret, kept out of command lines and files other users can read.
    static bool holdsPassword(const QString& location);
    // The embedded default register: <AppDataLocation>/register.sqlite (created on first start).
    static QString defaultLocation();
    // Connects to the database at `location` and disconnects again (a connection dialog's check of a
    // PostgreSQL server): the error says why it cannot be reached. Reads and writes no table (a SQLite
    // file is created, like every first open of a register file).
    static Status probe(const QString& location);
};

} // namespace tirkeu::registry

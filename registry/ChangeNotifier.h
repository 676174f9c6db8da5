#pragma once
// Tells a workstation that other workstations changed the register, so views refresh without a
// restart. PostgreSQL: LISTEN tirkeu_register (every committed write transaction sends NOTIFY, see
// Database::commit); SQLite: polls PRAGMA data_version, which moves when another connection commits.
// Bursts are coalesced into one changed() signal. Needs a running Qt event loop.

#include <QObject>
#include <QTimer>

namespace tirkeu::registry {

class Database;
class Register;

class ChangeNotifier : public QObject {
    Q_OBJECT
public:
    // pollMs: the SQLite polling interval (PostgreSQL is pushed and does not poll).
    explicit ChangeNotifier(Database& db, QObject* parent = nullptr, int pollMs = 1000);
    // The changes of an open register (what the programs watch).
    explicit ChangeNotifier(Register& reg, QObject* parent = nullptr, int pollMs = 1000);
    ~ChangeNotifier() override;

    // True when the engine pushes changes (PostgreSQL LISTEN is active).
    bool isPushed() const { return m_listening; }
    // SQLite: look now instead of at the next tick (PostgreSQL: nothing to do).
    void poll();

Q_SIGNALS:
    // Another workstation (another connection) committed a change.
    void changed();

private:
    void schedule();
    Database& m_db;
    QTimer m_pollTimer;
    QTimer m_coalesce;
    qint64 m_dataVersion = -1;
    bool m_listening = false;
};

} // namespace tirkeu::registry

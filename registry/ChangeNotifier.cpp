#include "registry/ChangeNotifier.h"

#include "registry/Database.h"
#include "registry/Register.h"

#include <QSqlDriver>

namespace tirkeu::registry {

namespace {
constexpr int kCoalesceMs = 150;
}

ChangeNotifier::ChangeNotifier(Database& db, QObject* parent, int pollMs)
    : QObject(parent)
    , m_db(db) {
    m_coalesce.setSingleShot(true);
    m_coalesce.setInterval(kCoalesceMs);
    connect(&m_coalesce, &QTimer::timeout, this, &ChangeNotifier::changed);

    if (m_db.engine() == Engine::Postgres) {
        QSqlDriver* driver = m_db.handle().driver();
        const QString channel = QString::fromLatin1(Database::kNotifyChannel);
        if (driver && driver->subscribeToNotification(channel)) {
            m_listening = true;
            connect(driver, &QSqlDriver::notification, this,
                    [this, channel](const QString& name, QSqlDriver::NotificationSource source, const QVariant&) {
                        if (name == channel && source == QSqlDriver::OtherSource)
                            schedule();
                    });
            return;
        }
        // LISTEN refused (e.g. a connection pooler in transaction mode): fall back to no push.
        return;
    }
    auto v = m_db.scalar(QStringLiteral("PRAGMA data_version"));
    m_dataVersion = v ? v->toLongLong() : -1;
    m_pollTimer.setInterval(pollMs);
    connect(&m_pollTimer, &QTimer::timeout, this, &ChangeNotifier::poll);
    m_pollTimer.start();
}

ChangeNotifier::ChangeNotifier(Register& reg, QObject* parent, int pollMs)
    : ChangeNotifier(reg.db(), parent, pollMs) {}

ChangeNotifier::~ChangeNotifier() {
    if (m_listening) {
        if (QSqlDriver* driver = m_db.handle().driver())
            driver->unsubscribeFromNotification(QString::fromLatin1(Database::kNotifyChannel));
    }
}

void ChangeNotifier::poll() {
    if (m_db.engine() != Engine::Sqlite || m_db.inTransaction())
        return;
    auto v = m_db.scalar(QStringLiteral("PRAGMA data_version"));
    if (!v)
        return;
    const qint64 now = v->toLongLong();
    if (m_dataVersion >= 0 && now != m_dataVersion)
        schedule();
    m_dataVersion = now;
}

void ChangeNotifier::schedule() {
    if (!m_coalesce.isActive())
        m_coalesce.start();
}

} // namespace tirkeu::registry

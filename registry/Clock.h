#pragma once
// Time source for every workflow, so tests can run the register at any date (mock clock) while the
// database triggers keep using the real time as the last guard.

#include <QDate>
#include <QDateTime>
#include <QTimeZone>

namespace tirkeu::registry {

class Clock {
public:
    virtual ~Clock() = default;
    virtual QDateTime now() const = 0; // UTC
    // Kazakhstan local time (UTC+5, Asia/Almaty) for "today" and working-day deadlines.
    QDate today() const { return now().toTimeZone(zone()).date(); }
    static QTimeZone zone();
};

class SystemClock final : public Clock {
public:
    QDateTime now() const override { return QDateTime::currentDateTimeUtc(); }
};

class FixedClock final : public Clock {
public:
    explicit FixedClock(QDateTime at)
        : m_at(at.toUTC()) {}
    QDateTime now() const override { return m_at; }
    void set(const QDateTime& at) { m_at = at.toUTC(); }
    void advanceDays(int days) { m_at = m_at.addDays(days); }
    void advanceSecs(qint64 secs) { m_at = m_at.addSecs(secs); }

private:
    QDateTime m_at;
};

// Timestamps are stored as text "yyyy-MM-ddTHH:mm:ss.zzzZ" (UTC) so that they sort as strings, compare
// with SQLite's strftime('%Y-%m-%dT%H:%M:%fZ','now') in triggers, and read the same on PostgreSQL.
QString toDbTime(const QDateTime& t);
QDateTime fromDbTime(const QString& s);
QString toDbDate(const QDate& d);
QDate fromDbDate(const QString& s);

// Official display formats (FACTS.md): dates dd.MM.yyyy (never the locale's 2-digit year), times in
// Kazakhstan local time. Empty for invalid values.
QString displayDate(const QDate& d);
QString displayDate(const QDateTime& t); // the local date of a moment
QString displayDateTime(const QDateTime& t, bool withSeconds = false);

} // namespace tirkeu::registry

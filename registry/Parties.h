#pragma once
// Read-only lookups of the people and organisations the register already knows (persons and
// organisations rows written by application submissions): the counter's "known IIN / BIN" offer.
// Permission-checked with the session like every other read; nothing here writes.

#include "registry/Roles.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QString>

#include <optional>

namespace tirkeu::registry {

class Register;

struct PersonRecord {
    qint64 id = 0;
    QString iin;
    QString surname;
    QString name;
    QString patronymic;
    QString idDocument;
    QString address;
    QString email;
    QString phone;
    QDateTime updatedAt;
    QString fullName() const; // "Surname Name Patronymic"
};

struct OrganisationRecord {
    qint64 id = 0;
    QString bin;
    QString fullName;
    QString shortName;
    bool governmentBody = false;
    QString region;
    QString city;
    QDateTime updatedAt;
};

class Parties {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::Parties)
public:
    explicit Parties(Register& reg)
        : m_reg(reg) {}

    // std::nullopt when the register does not know the number (also for a malformed number: the
    // lookup is an offer while typing, never a check). Needs ViewRegister.
    Result<std::optional<PersonRecord>> personByIin(const Session& by, const QString& iin);
    Result<std::optional<OrganisationRecord>> organisationByBin(const Session& by, const QString& bin);

private:
    Register& m_reg;
};

} // namespace tirkeu::registry

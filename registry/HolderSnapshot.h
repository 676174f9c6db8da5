#pragma once
// The holder of a certificate as the register knew them when the certificate was issued and when it
// was revoked: name, IIN, organisation. Stored with the certificate row and with the revocation row
// (column holder_snapshot, JSON, migration 6) at the moment they are inserted, and read by the journals
// (registry/Journals.h): a later change of the person (a new surname after marriage, a new application
// with the same IIN) never rewrites a line printed for an earlier entry.

#include "pki/Result.h"

#include <QJsonObject>
#include <QString>
#include <QVariant>

namespace tirkeu::registry {

class Database;

struct HolderSnapshot {
    QString name;         // "Surname Name Patronymic" as registered; the certificate's CN otherwise
    QString iin;          // the person's IIN
    QString organisation; // the organisation's full name, if any

    bool isEmpty() const { return name.isEmpty() && iin.isEmpty() && organisation.isEmpty(); }
    QString toJson() const;
    // An empty snapshot for NULL, empty or unreadable text (rows written before migration 6).
    static HolderSnapshot fromJson(const QString& json);

    // The holder as the register holds them now, from the values of a certificate row being inserted.
    static Result<HolderSnapshot> take(Database& db, const QVariant& personId, const QVariant& organisationId,
                                       const QVariant& applicationId, const QString& subject);
    // The same for a stored certificate (at its revocation).
    static Result<HolderSnapshot> ofCertificate(Database& db, qint64 certificateId);
    // The holder's identifiers for an event's details (seed 001: every holder-related event names the
    // holder): {"holder_iin": IIN, "holder_bin": BIN}, each only when known, read from the certificate row.
    static Result<QJsonObject> eventIds(Database& db, qint64 certificateId);
    // The text to store (NULL when nothing is known), ready to bind into the INSERT.
    static QVariant column(const Result<HolderSnapshot>& snapshot);
};

} // namespace tirkeu::registry

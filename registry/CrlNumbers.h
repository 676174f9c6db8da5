#pragma once
// The one rule for the next CRL number of a CA: a number never goes back and is never used twice.
// It is above every CRL the register recorded (crls), above the highest number a replaced register had
// published before an older backup was restored (crl_number_floors, written by Backup::restore), and
// above the number of the CRLs already in the folder being published to (<CA>.crl, <CA>-delta.crl and
// their .pem twins), which also covers a register put back without tirkeu-cli.

#include "registry/Database.h"

#include <QCoreApplication>
#include <QMap>
#include <QString>

#include <limits>
#include <optional>

namespace tirkeu::registry {

class CrlNumbers {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::CrlNumbers)
public:
    // The highest number recorded for the CA in the register (CRLs and floors); 0 when none.
    static Result<quint64> highestRecorded(Database& db, qint64 caId);
    // The CRL number of a file of the publish folder (nullopt: a CRL without one); a file that cannot be read (Io)
    // or is not a readable CRL (Invalid: its number cannot be known) is refused, naming it.
    static Result<std::optional<quint64>> numberOfFile(const QString& file);
    // The highest number of `caCode`'s CRLs in `folder`; 0 when there are none. A file there that is
    // not a readable CRL is refused (its number cannot be known).
    static Result<quint64> highestInFolder(const QString& folder, const QString& caCode);
    // The same, and which file holds it (`*highestFile`, empty when none).
    static Result<quint64> highestInFolder(const QString& folder, const QString& caCode, QString* highestFile);
    // The highest number a CRL of the register can carry: the register stores numbers as signed 64-bit integers.
    static constexpr quint64 kHighest = quint64(std::numeric_limits<qint64>::max());
    // A CA's CRL-number floor (crl_number_floors, raised by a restore) counts only as far as a restore recorded it
    // in the event log (register.restored, crl_numbers_lost): the row is bound to nothing, and one written outside
    // Tirkeu (the PostgreSQL application role, an edited backup) made the CA sign CRL 2^63 - 1 and never publish
    // again (attack of session 29, F12). ErrorCode::Integrity when it is higher; next() and audit verify ask.
    static Status checkFloorProven(Database& db, qint64 caId, const QString& caCode);
    // The highest CRL number of each CA (by code) that the register's restores recorded as taken back (the
    // crl_numbers_lost of its register.restored events, bound to the chain): what a floor may rise to.
    static Result<QMap<QString, qint64>> restoredNumbers(Database& db);
    // Whether this register is at least as new as every CRL of `caCode` in `folder` (each partition's, full and
    // delta): a CRL there numbered above every number the register recorded must be the CA's own (else Invalid,
    // naming the file), and each of its entries (but a delta's removeFromCRL) revoked in the register as firmly —
    // not only on hold where the CRL revokes for good, not for another reason where it says compromise (else
    // Conflict, naming them). next() asks it before any number; the OCSP responder answers nothing for a CA whose
    // register fails it (attacks of session 29, F4, and session 30, A1, A2).
    static Status checkFolderCovered(Database& db, qint64 caId, const QString& folder, const QString& caCode);
    // What checkFolderCovered's verdict depends on, read cheaply (the CA's CRL files by name, size and time, the
    // numbers the register recorded, its newest revocation and hold release): while it is the same, a verdict
    // that passed still passes (the OCSP responder asks every minute; a national CA's full CRL is hundreds of MiB).
    static Result<QString> folderCoverState(Database& db, qint64 caId, const QString& folder, const QString& caCode);
    // The number the CA's next CRL (full or delta, one sequence) must carry. A number from the folder above every
    // number the register recorded counts only for a CRL issued and signed by the CA (else Invalid, naming the
    // file); numbers at the end of the range, or recorded beyond it, stop publication instead of wrapping round.
    static Result<quint64> next(Database& db, qint64 caId, const QString& folder, const QString& caCode);
    // A CA that has published CRLs does not start again in a folder that holds none of them: a register
    // put back from an older copy (outside `db restore`, so no floor was kept) has forgotten numbers that
    // relying parties have seen, and only the folder that holds the CRLs still knows them. Conflict,
    // unless the operator confirms the folder as new to the CA (`newFolder`, recorded with the CRL).
    // Returns whether the folder is new to a CA that has published before.
    // The highest number the CA has published when `folder` holds none of its CRLs; nullopt when the
    // folder continues them or the CA has published none (the one reading of the rule above).
    static Result<std::optional<quint64>> publishedElsewhere(Database& db, qint64 caId, const QString& folder,
                                                             const QString& caCode);
    static Result<bool> requireFolderContinues(Database& db, qint64 caId, const QString& folder, const QString& caCode,
                                               bool newFolder);
};

} // namespace tirkeu::registry

#pragma once
// The one way GUI and CLI write what an issuance or export hands out: a holder's key (PKCS#12), a
// certificate, a key request or a form's data. Atomic (a temporary file beside the target, fsync,
// rename without replacing, fsync of the folder), secrets and personal data readable by the owner only
// (0600), never over an existing file — which is refused with ErrorCode::Conflict (tirkeu-cli exit code
// 6), before anything is written. Documents streamed through a QSaveFile (reports, exports, printed
// applications and certificates) are kept to their owner with openOwnerOnly().

#include "pki/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QSaveFile>
#include <QString>

namespace tirkeu::registry {

enum class FileSecrecy {
    Public,   // certificates, a CA's own request: 0644 (less the umask)
    Personal, // holders' personal data (a re-issue template's form data): 0600, like a register backup
    Secret    // private keys, PKCS#12: 0600
};

class OutputFiles {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::OutputFiles)
public:
    // Refuses a path that already exists (also a dangling symbolic link): the check callers make before
    // any work whose result would have nowhere to go.
    static Status checkNew(const QString& path);
    // Writes `bytes` to the new file `path` (its folder is created when missing).
    static Status writeNew(const QString& path, const QByteArray& bytes, FileSecrecy secrecy);
    // A certificate (DER) as a new file: DER for *.der / *.cer, PEM otherwise.
    static Status writeCertificate(const QString& path, const QByteArray& der);
    // Whether `path` names a DER file (*.der, *.cer); PEM otherwise.
    static bool isDerPath(const QString& path);
    // Opens a QSaveFile for a document with holders' personal data (registers, journals, CSV exports, printed
    // applications and certificates, the retention archive), its folder made when missing: readable and
    // writable by its owner only (0600) before anything is written, whatever the umask and whatever mode a
    // file it replaces had — like the register itself (never readable by other users) and its backups. On
    // Linux QSaveFile writes an unnamed file (O_TMPFILE) that takes its name only at commit(), so no other
    // user can open it before its permissions are set either. A symbolic link at the name is refused (a
    // document replaces a file in place, never writes through a link to somewhere else). On failure nothing is
    // left behind.
    static Status openOwnerOnly(QSaveFile& file);
    // Opens a QSaveFile for a public document (a form template, the audit key's public key, an exported anchor): its
    // folder made when missing, the file 0644 less the umask. A symbolic link at the name is refused, as above (attack
    // of session 33, C5: these three were written through one, over the file it pointed to).
    static Status openPublic(QSaveFile& file);
    // Gives the finished file `from` its name `to` in the same folder: never over an existing file or a
    // symbolic link (dangling or not), and never by copying (QFile::rename's fallback writes through a link).
    static Status moveNew(const QString& from, const QString& to);
};

} // namespace tirkeu::registry

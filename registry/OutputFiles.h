#pragma once
// The one way GUI and CLI write what an issuance or export hands out: a holder's key (PKCS#12), a
// certificate, a key request or a form's data. Atomic (a temporary file beside the target, fsync,
// rename without replacing, fsync of the folder), secrets readable by the owner only (0600), never
// over an existing file — which is refused with ErrorCode::Conflict (tirkeu-cli exit code 6), before
// anything is written.

#include "pki/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace tirkeu::registry {

enum class FileSecrecy {
    Public, // certificates, requests, form data: 0644 (less the umask)
    Secret  // private keys, PKCS#12: 0600
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
};

} // namespace tirkeu::registry

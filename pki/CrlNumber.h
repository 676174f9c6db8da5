#pragma once
// Reading back the cRLNumber of a CRL that is already published (DER or PEM), so a register that was
// put back to an older state never signs a number the world has already seen (issue 12).
//
// Every CRL publication reads the number of each of the CA's CRLs in its folder, the full CRL among
// them: at a national CA millions of entries (470 MB of DER at 10,000,000). The number is therefore
// read from the CRL's structure alone: CertificateList, the fields of TBSCertList by their tags, the
// revokedCertificates skipped by their length (never decoded), and only the crlExtensions decoded
// (OpenSSL's d2i_X509_EXTENSIONS and X509V3_get_d2i, as X509_CRL_get_ext_d2i does). The entries'
// contents and the signature are not checked here; the number is what the reader is for.

#include "pki/Result.h"

#include <QByteArray>
#include <QCoreApplication>

#include <optional>

namespace tirkeu::pki {

class CrlNumber {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::CrlNumber)
public:
    // The cRLNumber extension of `crl` (DER, or PEM "X509 CRL"); std::nullopt when the CRL carries none
    // (or carries it twice, as OpenSSL reads it); an error (ErrorCode::Invalid) when `crl` is not a
    // CRL or the number does not fit 63 bits.
    static Result<std::optional<quint64>> read(const QByteArray& crl);
    // The same for the file at `path`, in bounded memory: a PEM file is decoded as it is read (OpenSSL's
    // base64 decoder, in chunks); of a CRL over 2 MiB only the first and the last MiB of its DER are
    // kept (read from a DER file, or kept while a PEM one is decoded) and the entries between them are
    // stepped over by their length in memory that is reserved but never touched. A CertificateList
    // that does not end within the last MiB (over a MiB of bytes after it) is refused as not a CRL.
    // ErrorCode::Io when the file cannot be read (the system's reason as the message).
    static Result<std::optional<quint64>> readFile(const QString& path);
};

} // namespace tirkeu::pki

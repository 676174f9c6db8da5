#pragma once
// The requests of a bulk issuance as they arrive on disk, read the same way by `certificate issue-batch`
// and the window's "Issue from requests…": a folder of <application>.csr / <application>-<person>.csr
// (with <…>-auth.csr for a signing-and-authentication application's authentication key), or a manifest
// of lines application,person,csr[,auth_csr[,media_serial]]. Each certificate's file is named after its
// request in the output folder and is never written over an existing file.

#include "pki/Result.h"
#include "registry/Issuance.h"

#include <QCoreApplication>
#include <QString>
#include <QStringList>

#include <map>
#include <vector>

namespace tirkeu::registry {

struct BatchRequest {
    BatchItem item;      // csr / authCsr filled by prepare()
    QString csrFile;     // where the request was read
    QString authCsrFile; // signing and authentication: the authentication key's request
    QString out;         // the certificate's file (<label>.pem in the output folder)
    QString authOut;     // signing and authentication: the authentication certificate's file
};

// A certificate recorded whose file could not be written (it stays issued: export it again).
struct BatchFileProblem {
    QString serialHex;
    QString message;
};

class BatchRequests {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::registry::BatchRequests)
public:
    static Result<std::vector<BatchRequest>> fromDir(const QString& dir);
    static Result<std::vector<BatchRequest>> fromManifest(const QString& path);
    // Names each request's certificate files in outDir and refuses, before anything is issued: no request,
    // an application listed twice, a certificate file that already exists, a request that cannot be read.
    // Reads the requests into their items.
    static Status prepare(std::vector<BatchRequest>& requests, const QString& outDir);
    static std::vector<BatchItem> items(const std::vector<BatchRequest>& requests);
    // The output folder, created when missing, before anything is issued (a certificate whose file has
    // nowhere to go would be issued without it).
    static Status createOutputFolder(const QString& outDir);
    // After a group committed (issueBatchFromCsrs' callback): writes the certificates of `committed`; the
    // files written go into `files` (by item), what could not be written into the result.
    static std::vector<BatchFileProblem> writeCommitted(const std::vector<BatchRequest>& requests,
                                                        const BatchResult& soFar,
                                                        const std::vector<std::size_t>& committed,
                                                        std::map<std::size_t, QStringList>& files);
};

} // namespace tirkeu::registry

#pragma once
// Files an operator or administrator names as input — form data, a filled PDF form, a rules file, anchors and
// checkpoints, a configuration, an archive's manifest: read whole only up to what such a file ever needs, so
// that a file named by mistake (an image, a disk image, /dev/zero) is refused with a clear error instead of
// being read into memory. In pki, the lowest layer, so that a certificate request (Csr::readFile) is read by
// the same code as every other input.

#include "pki/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QFile>
#include <QString>

namespace tirkeu::pki {

class InputFiles {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::InputFiles)
public:
    static constexpr qint64 kText = 1 << 20;      // JSON, text, anchors, configuration: 1 MiB
    static constexpr qint64 kDocument = 32 << 20; // a filled PDF form: 32 MiB
    // The whole file; ErrorCode::Io when it cannot be read, ErrorCode::Invalid when it is no regular file or holds
    // more than maxBytes.
    static Result<QByteArray> read(const QString& path, qint64 maxBytes = kText);
    // Opens `path` for reading into `file` if it is a regular file. A pipe with no writer would block the open
    // for ever, a device or a folder is no input file (attack of session 27, F7): the file is opened without
    // blocking, checked (fstat) and only then read as usual; anything else is refused with ErrorCode::Invalid
    // naming the file. For readers that read a file their own way (line by line).
    static Status openRegular(QFile& file, const QString& path);
};

} // namespace tirkeu::pki

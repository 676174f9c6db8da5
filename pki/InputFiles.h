#pragma once
// Files an operator or administrator names as input — form data, a filled PDF form, a rules file, anchors and
// checkpoints, a configuration, an archive's manifest: read whole only up to what such a file ever needs, so
// that a file named by mistake (an image, a disk image, /dev/zero) is refused with a clear error instead of
// being read into memory. In pki, the lowest layer, so that a certificate request (Csr::readFile) is read by
// the same code as every other input.

#include "pki/Result.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace tirkeu::pki {

class InputFiles {
    Q_DECLARE_TR_FUNCTIONS(tirkeu::pki::InputFiles)
public:
    static constexpr qint64 kText = 1 << 20;      // JSON, text, anchors, configuration: 1 MiB
    static constexpr qint64 kDocument = 32 << 20; // a filled PDF form: 32 MiB
    // The whole file; ErrorCode::Io when it cannot be read, ErrorCode::Invalid when it holds more than maxBytes.
    static Result<QByteArray> read(const QString& path, qint64 maxBytes = kText);
};

} // namespace tirkeu::pki

#pragma once
// The modes of what Tirkeu creates for its outputs, whatever the umask (attack of session 26, F10: under
// umask 000 every folder made on the way to an output was 0777 and several public files 0666, so any local
// user could delete or swap them). The umask may only take more away, never add: a folder is created
// 0755 for public material (certificates, CRLs, anchors: others may read them, as a web server must) or
// 0700 for secrets and personal data; a public file is 0644 at most, a private one 0600. Nothing is ever writable by
// others. Existing folders are left as they are.

#include <QString>

class QFileDevice;

namespace tirkeu::pki {

class FileModes {
public:
    static constexpr unsigned kPublicFolder = 0755;
    static constexpr unsigned kPrivateFolder = 0700;
    static constexpr unsigned kPublicFile = 0644;
    static constexpr unsigned kPrivateFile = 0600;

    // mkdir -p: each missing folder of `dir` created with `mode` (less the umask); false when `dir` is not a
    // folder afterwards.
    static bool makeFolders(const QString& dir, unsigned mode);
    // `path` as a folder of this user's alone, for private runtime files (a Qt program's XDG_RUNTIME_DIR): made
    // 0700 when missing (its parent must exist), else used only when it is a real folder — not a symbolic link —
    // that this user owns and no one else may enter. False, with nothing changed, for a link, a file, another
    // user's folder or one others may enter: in a shared folder such as /tmp another user may have planted it
    // (attack of session 27: tirkeu-cli followed a link at /tmp/tirkeu-runtime-<uid> and made its target 0700).
    static bool ownPrivateFolder(const QString& path);
    // The open file's mode narrowed to at most `most` (its bits outside `most` cleared): a QSaveFile or QFile
    // created 0666 less the umask becomes 0644 at most. False when its mode cannot be read or set.
    static bool narrow(QFileDevice& file, unsigned most = kPublicFile);
};

} // namespace tirkeu::pki

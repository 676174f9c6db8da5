#include "pki/CaKey.h"

#include "pki/FileModes.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QUrl>

#include <openssl/pem.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>
#include <utility>

namespace tirkeu::pki {

namespace {

constexpr int kSaltBytes = 16;
constexpr qint64 kMaxKeyFileBytes = 1024 * 1024;
constexpr qint64 kMaxSecretFileBytes = 64 * 1024;
constexpr uint64_t kOpensslScryptMaxMem = 32u * 1024 * 1024; // OpenSSL's default, not configurable when decoding
constexpr char kEncryptedPemHeader[] = "-----BEGIN ENCRYPTED PRIVATE KEY-----";

// A POSIX file descriptor closed on scope exit.
class Fd {
public:
    explicit Fd(int fd)
        : m_fd(fd) {}
    ~Fd() {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    int get() const { return m_fd; }
    int release() { return std::exchange(m_fd, -1); }

private:
    int m_fd;
};

QString errnoText() {
    return QString::fromLocal8Bit(std::strerror(errno));
}

// Passphrases are handed to OpenSSL as UTF-8 bytes and wiped afterwards.
class Utf8Secret {
public:
    explicit Utf8Secret(const QString& s)
        : m_bytes(s.toUtf8()) {}
    ~Utf8Secret() { cleanse(m_bytes); }
    Utf8Secret(const Utf8Secret&) = delete;
    Utf8Secret& operator=(const Utf8Secret&) = delete;
    const char* data() const { return m_bytes.constData(); }
    int size() const { return int(m_bytes.size()); }

private:
    QByteArray m_bytes;
};

bool renameNoReplace(const QByteArray& from, const QByteArray& to) {
    if (::renameat2(AT_FDCWD, from.constData(), AT_FDCWD, to.constData(), RENAME_NOREPLACE) == 0)
        return true;
    if (errno != EINVAL && errno != ENOSYS)
        return false;
    // File systems without RENAME_NOREPLACE: link() also refuses an existing target.
    if (::link(from.constData(), to.constData()) != 0)
        return false;
    ::unlink(from.constData());
    return true;
}

} // namespace

Result<QString> SecretSource::readFile(const QString& path) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::Io, tr("Cannot read the secret file %1: %2").arg(path, file.errorString()));
    // The file as opened (not the name, which could be swapped meanwhile). Pipes and terminals are read as
    // they are: they hold nothing once read.
    struct stat st {};
    if (::fstat(file.handle(), &st) != 0)
        return makeError(
            ErrorCode::Io,
            tr("Cannot read the secret file %1: %2").arg(path, QString::fromLocal8Bit(std::strerror(errno))));
    if (S_ISREG(st.st_mode) && (st.st_mode & (S_IROTH | S_IWOTH)) != 0)
        return makeError(ErrorCode::Forbidden,
                         tr("The secret file %1 can be read or changed by other users (mode %2): what it holds may "
                            "be known already. Make it the owner's only (chmod 0600 %1; 0640 for a group) and change "
                            "the secret if others could have read it.")
                             .arg(path, QString::number(st.st_mode & 07777, 8).rightJustified(4, u'0')));
    QByteArray bytes = file.read(kMaxSecretFileBytes);
    const qsizetype newline = bytes.indexOf('\n');
    qsizetype length = newline >= 0 ? newline : bytes.size();
    if (length > 0 && bytes.at(length - 1) == '\r')
        --length;
    const QString secret = QString::fromUtf8(bytes.constData(), length);
    cleanse(bytes);
    return secret;
}

Result<QString> SecretSource::read() const {
    QString secret;
    switch (kind) {
    case Literal:
        secret = value;
        break;
    case Env:
        if (value.isEmpty())
            return makeError(ErrorCode::Usage, tr("No environment variable named for the secret."));
        if (!qEnvironmentVariableIsSet(value.toLocal8Bit().constData()))
            return makeError(ErrorCode::Usage, tr("The environment variable %1 is not set.").arg(value));
        secret = qEnvironmentVariable(value.toLocal8Bit().constData());
        break;
    case File: {
        auto fromFile = readFile(value);
        if (!fromFile)
            return fromFile.error();
        secret = *fromFile;
        break;
    }
    case Prompt:
        if (!prompt)
            return makeError(ErrorCode::Usage, tr("No way to ask for the secret was given."));
        secret = prompt();
        if (secret.isEmpty())
            return makeError(ErrorCode::Forbidden, tr("No passphrase or PIN was entered."));
        break;
    }
    if (secret.isEmpty())
        return makeError(ErrorCode::Usage, tr("The passphrase or PIN is empty."));
    return secret;
}

CaKey::~CaKey() = default;

Result<std::unique_ptr<CaKey>> CaKey::make(EngineRef engine, EvpPkeyPtr key, Store store, const QString& uri) {
    Result<KeyAlgorithm> algorithm = KeyGenerator::algorithmOf(key.get());
    if (!algorithm)
        return makeError(ErrorCode::Crypto, tr("The CA key %1 cannot be used: %2").arg(uri, algorithm.message()));
    auto caKey = std::make_unique<CaKey>(Token{});
    caKey->m_uri = uri;
    caKey->m_store = store;
    caKey->m_algorithm = *algorithm;
    caKey->m_engine = std::move(engine);
    caKey->m_pkey = std::move(key);
    return caKey;
}

Result<std::unique_ptr<CaKey>> CaKey::open(const QString& uri, const SecretSource& secret) {
    if (uri.startsWith(u"pkcs11:")) {
        Result<QString> pin = secret.read();
        if (!pin)
            return pin.error();
        Result<Pkcs11Key> loaded = Pkcs11Engine::loadPrivateKey(uri, *pin, Pkcs11Engine::modulePath());
        pin->fill(u'\0');
        if (!loaded)
            return loaded.error();
        return make(std::move(loaded->engine), std::move(loaded->key), Store::Pkcs11, uri);
    }

    QString path = uri;
    if (uri.startsWith(u"file://"))
        path = QUrl(uri).toLocalFile();
    else if (uri.startsWith(u"file:"))
        path = uri.mid(5);
    if (path.isEmpty())
        return makeError(ErrorCode::Usage, tr("No CA key file given."));
    path = QFileInfo(path).absoluteFilePath();
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return makeError(ErrorCode::NotFound, tr("Cannot read the CA key file %1: %2").arg(path, file.errorString()));
    const QByteArray pem = file.read(kMaxKeyFileBytes);
    if (!pem.contains(kEncryptedPemHeader))
        return makeError(ErrorCode::Crypto,
                         tr("%1 is not an encrypted PKCS#8 key (\"ENCRYPTED PRIVATE KEY\"); a CA key must never be "
                            "kept in clear.")
                             .arg(path));
    Result<QString> passphrase = secret.read();
    if (!passphrase)
        return passphrase.error();
    Result<EvpPkeyPtr> key = decryptPkcs8(pem, *passphrase);
    passphrase->fill(u'\0');
    if (!key)
        return makeError(key.code(), QStringLiteral("%1: %2").arg(path, key.message()));
    return make({}, std::move(key.value()), Store::File, u"file:" + path);
}

Result<std::unique_ptr<CaKey>> CaKey::fromPrivateKey(EvpPkeyPtr key) {
    if (!key)
        return makeError(ErrorCode::Crypto, tr("No private key."));
    return make({}, std::move(key), Store::Memory, QStringLiteral("memory:"));
}

QByteArray CaKey::publicKeyDer() const {
    return toDer(pkey(), i2d_PUBKEY);
}

QString CaKey::fingerprint() const {
    return fingerprintOf(pkey());
}

QString CaKey::fingerprintOf(const EVP_PKEY* key) {
    const QByteArray der = toDer(key, i2d_PUBKEY);
    if (der.isEmpty())
        return {};
    return QString::fromLatin1(QCryptographicHash::hash(der, QCryptographicHash::Sha256).toHex());
}

Result<Pkcs8PrivKeyInfoPtr> CaKey::exportPkcs8(const EVP_PKEY* key) {
    const auto refused = [](const QString& why) {
        return makeError(ErrorCode::Crypto,
                         tr("The private key cannot be exported (a key on a token or HSM stays there): %1").arg(why));
    };
    if (!key)
        return refused(tr("no key"));
    Pkcs8PrivKeyInfoPtr info(EVP_PKEY2PKCS8(key));
    QByteArray der = info ? toDer(info.get(), i2d_PKCS8_PRIV_KEY_INFO) : QByteArray();
    if (der.isEmpty())
        return refused(opensslErrors());
    // Decode the export as a plain software key and prove its private half matches the public one.
    const auto* p = reinterpret_cast<const unsigned char*>(der.constData());
    Pkcs8PrivKeyInfoPtr decodedInfo(d2i_PKCS8_PRIV_KEY_INFO(nullptr, &p, long(der.size())));
    cleanse(der);
    EvpPkeyPtr decoded(decodedInfo ? EVP_PKCS82PKEY(decodedInfo.get()) : nullptr);
    EvpPkeyCtxPtr check(decoded ? EVP_PKEY_CTX_new_from_pkey(nullptr, decoded.get(), nullptr) : nullptr);
    const bool consistent = check && EVP_PKEY_pairwise_check(check.get()) == 1 && EVP_PKEY_eq(decoded.get(), key) == 1;
    opensslErrors();
    if (!consistent)
        return refused(tr("the exported private value does not match the public key"));
    return info;
}

Result<QByteArray> CaKey::encryptPkcs8(const EVP_PKEY* key, const QString& passphrase, KdfCost cost) {
    if (!key)
        return makeError(ErrorCode::Crypto, tr("No private key to write."));
    if (passphrase.isEmpty())
        return makeError(ErrorCode::Usage, tr("A CA key file needs a passphrase."));
    if (cost.log2N < 10 || cost.log2N > 20 || cost.r < 1 || cost.p < 1 || cost.p > 64)
        return makeError(
            ErrorCode::Usage,
            tr("The scrypt cost N=2^%1, r=%2, p=%3 is out of range.").arg(cost.log2N).arg(cost.r).arg(cost.p));
    const uint64_t n = uint64_t(1) << cost.log2N;
    const uint64_t memory = 128 * uint64_t(cost.r) * (n + 2) + 128 * uint64_t(cost.r) * uint64_t(cost.p);
    if (memory > kOpensslScryptMaxMem)
        return makeError(ErrorCode::Usage,
                         tr("The scrypt cost N=2^%1, r=%2 needs %3 MiB; OpenSSL reads back at most 32 MiB.")
                             .arg(cost.log2N)
                             .arg(cost.r)
                             .arg(memory >> 20));

    Result<Pkcs8PrivKeyInfoPtr> info = exportPkcs8(key);
    if (!info)
        return info.error();
    QByteArray salt = randomBytes(kSaltBytes);
    if (salt.size() != kSaltBytes)
        return makeError(ErrorCode::Crypto, tr("The random generator failed: %1").arg(opensslErrors()));
    // PBES2 with scrypt as the KDF and AES-256-CBC (random IV) as the cipher.
    X509AlgorPtr pbe(PKCS5_pbe2_set_scrypt(EVP_aes_256_cbc(), reinterpret_cast<const unsigned char*>(salt.constData()),
                                           int(salt.size()), nullptr, n, uint64_t(cost.r), uint64_t(cost.p)));
    if (!pbe)
        return makeError(ErrorCode::Crypto, tr("Cannot set up scrypt encryption: %1").arg(opensslErrors()));
    const Utf8Secret pass(passphrase);
    X509SigPtr encrypted(PKCS8_set0_pbe_ex(pass.data(), pass.size(), info->get(), pbe.get(), nullptr, nullptr));
    if (!encrypted)
        return makeError(ErrorCode::Crypto, tr("Cannot encrypt the private key: %1").arg(opensslErrors()));
    (void)pbe.release(); // owned by `encrypted` now

    BioPtr bio(BIO_new(BIO_s_mem()));
    if (!bio || PEM_write_bio_PKCS8(bio.get(), encrypted.get()) != 1)
        return makeError(ErrorCode::Crypto, tr("Cannot encode the encrypted key: %1").arg(opensslErrors()));
    return bioContents(bio.get());
}

Result<EvpPkeyPtr> CaKey::decryptPkcs8(const QByteArray& pem, const QString& passphrase) {
    BioPtr bio = memoryBio(pem);
    X509SigPtr encrypted(bio ? PEM_read_bio_PKCS8(bio.get(), nullptr, nullptr, nullptr) : nullptr);
    if (!encrypted)
        return makeError(ErrorCode::Crypto, tr("Not an encrypted PKCS#8 private key: %1").arg(opensslErrors()));
    const Utf8Secret pass(passphrase);
    Pkcs8PrivKeyInfoPtr info(PKCS8_decrypt_ex(encrypted.get(), pass.data(), pass.size(), nullptr, nullptr));
    if (!info) {
        opensslErrors(); // "bad decrypt" says nothing more useful
        return makeError(ErrorCode::Crypto, tr("Wrong passphrase, or the key file is damaged."));
    }
    EvpPkeyPtr key(EVP_PKCS82PKEY(info.get()));
    if (!key)
        return makeError(ErrorCode::Crypto, tr("The decrypted private key cannot be read: %1").arg(opensslErrors()));
    return key;
}

Status CaKey::writeEncryptedPkcs8(const EVP_PKEY* key, const QString& path, const QString& passphrase, KdfCost cost) {
    Result<QByteArray> pem = encryptPkcs8(key, passphrase, cost);
    if (!pem)
        return pem.error();
    return writePrivateFile(path, *pem);
}

Status CaKey::writePrivateFile(const QString& path, const QByteArray& bytes) {
    const QFileInfo target(path);
    if (target.exists() || target.isSymLink())
        return makeError(ErrorCode::Conflict, tr("%1 already exists; it is not overwritten.").arg(path));
    const QString dir = target.absolutePath();
    if (!FileModes::makeFolders(dir, FileModes::kPrivateFolder))
        return makeError(ErrorCode::Io, tr("Cannot create the folder %1.").arg(dir));
    const QByteArray finalName = QFile::encodeName(target.absoluteFilePath());
    const QByteArray tempName = finalName + ".tmp-" + randomBytes(6).toHex();

    Fd fd(::open(tempName.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0600));
    if (fd.get() < 0)
        return makeError(ErrorCode::Io, tr("Cannot create %1: %2").arg(QFile::decodeName(tempName), errnoText()));
    const auto fail = [&](const QString& what) {
        const QString message = tr("Cannot write %1: %2 (%3)").arg(path, what, errnoText());
        ::unlink(tempName.constData());
        return makeError(ErrorCode::Io, message);
    };
    for (qsizetype done = 0; done < bytes.size();) {
        const ssize_t n = ::write(fd.get(), bytes.constData() + done, size_t(bytes.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return fail(tr("write failed"));
        done += n;
    }
    if (::fsync(fd.get()) != 0)
        return fail(tr("fsync failed"));
    if (::close(fd.release()) != 0)
        return fail(tr("close failed"));
    if (!renameNoReplace(tempName, finalName))
        return fail(errno == EEXIST ? tr("the file appeared meanwhile") : tr("rename failed"));
    // Make the new directory entry durable too.
    Fd dirFd(::open(QFile::encodeName(dir).constData(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (dirFd.get() >= 0)
        ::fsync(dirFd.get());
    return {};
}

} // namespace tirkeu::pki

// IssuanceDialog at work: issuing one application or the persons of a letter on the IssueRunner's thread,
// its progress and outcome, writing the holders' files and saving the certificate. The dialog's widgets,
// their states and texts are in IssuanceDialog.cpp.
#include "app/gui/IssuanceDialog.h"

#include "app/gui/IssueRunner.h"
#include "app/gui/LetterIssueTable.h"
#include "app/gui/Prompter.h"
#include "pki/CaKey.h"
#include "pki/Certificate.h"
#include "pki/Csr.h"
#include "registry/CaEngine.h"
#include "registry/OutputFiles.h"
#include "registry/Register.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>

namespace tirkeu::gui {

namespace {

Status writeFile(const QString& path, const QByteArray& bytes) {
    return registry::OutputFiles::writeNew(path, bytes, registry::FileSecrecy::Public);
}

} // namespace

void IssuanceDialog::issue() {
    if (!m_issue->isEnabled() || isRunning())
        return;
    showMessage({});
    if (mode() == Letter)
        issueLetter();
    else
        issueSingle();
}

void IssuanceDialog::startRunner(int count) {
    m_handled = 0;
    m_progress->setRange(0, count > 1 ? count : 0); // one certificate: busy, not counted
    m_progress->setValue(0);
    m_progress->setTextVisible(true);
    connect(m_runner, &Job::progressed, m_progress,
            [this](int, int, const QString& text) { m_progress->setFormat(text); });
    m_progress->show();
    m_runner->start();
    updateActions();
}

void IssuanceDialog::issueSingle() {
    const bool generated = mode() == GeneratedKey;
    QByteArray csr;
    if (!generated) {
        auto read = pki::Csr::readFile(QDir::fromNativeSeparators(m_csrPath->text().trimmed()));
        if (!read) {
            showMessage(read.message());
            return;
        }
        csr = *read;
    }
    QByteArray authCsr;
    if (!generated && m_signAndAuth) {
        auto read = pki::Csr::readFile(QDir::fromNativeSeparators(m_authCsrPath->text().trimmed()));
        if (!read) {
            showMessage(read.message());
            return;
        }
        authCsr = *read;
    }
    if (generated) {
        // Where the key goes is settled before anything is issued: the key exists only in that file.
        const QString path = m_prompter.saveFileName(this, tr("Save the holder's key (PKCS#12) to the key media"),
                                                     (m_subjectId.isEmpty() ? QString::number(m_id) : m_subjectId) +
                                                         QStringLiteral(".p12"),
                                                     tr("PKCS#12 key files (*.p12 *.pfx)"));
        if (path.isEmpty())
            return; // cancelled: nothing happens
        if (QFileInfo::exists(path)) {
            showMessage(tr("The file %1 already exists; choose another name: a key file is never replaced.")
                            .arg(QDir::toNativeSeparators(path)));
            return;
        }
        if (!QFileInfo(QFileInfo(path).absolutePath()).isWritable()) {
            showMessage(tr("The folder of %1 cannot be written to.").arg(QDir::toNativeSeparators(path)));
            return;
        }
        m_pendingP12 = path;
        if (m_signAndAuth) {
            // The authentication certificate's own key goes to a second file, settled now as well.
            const QString authPath = m_prompter.saveFileName(
                this, tr("Save the holder's authentication key (PKCS#12) to the key media"),
                QFileInfo(path).dir().filePath(QFileInfo(path).completeBaseName() + QStringLiteral("-auth.p12")),
                tr("PKCS#12 key files (*.p12 *.pfx)"));
            if (authPath.isEmpty() || QFileInfo(authPath).absoluteFilePath() == QFileInfo(path).absoluteFilePath()) {
                m_pendingP12.clear();
                return; // cancelled (or the same file twice): nothing happens
            }
            if (QFileInfo::exists(authPath)) {
                m_pendingP12.clear();
                showMessage(tr("The file %1 already exists; choose another name: a key file is never replaced.")
                                .arg(QDir::toNativeSeparators(authPath)));
                return;
            }
            m_pendingAuthP12 = authPath;
        }
    }
    const std::optional<QString> passphrase = m_prompter.askPassword(
        this, tr("CA key"),
        m_signAndAuth
            ? tr("Passphrase of the CA key, to sign the signing and the authentication certificates for application "
                 "%1:")
                  .arg(m_id)
            : tr("Passphrase of the CA key, to sign the certificate for application %1:").arg(m_id));
    if (!passphrase) {
        m_pendingP12.clear();
        m_pendingAuthP12.clear();
        return; // cancelled: nothing happens
    }
    const registry::Session session = m_session;
    const qint64 id = m_id;
    const pki::SecretSource secret = pki::SecretSource::literal(*passphrase);
    registry::IssueOptions options;
    options.revokeReplaced = !m_replacedSerial.isEmpty() && m_revokeReplaced->isChecked();
    options.authCsr = authCsr;
    if (m_government) {
        options.mediaRecipient = mediaRecipient();
        if (!generated)
            options.outsideCsrReason = m_outsideCsrReason->text().trimmed();
    }
    IssueRunner::Step step;
    if (generated) {
        registry::KeyOnMedia media;
        media.algorithm = static_cast<pki::KeyAlgorithm>(m_algorithm->currentData().toInt());
        media.password = m_password->text();
        media.mediaSerial = m_media->text().trimmed();
        media.pkcs12Path = m_pendingP12; // written by the issuance before it is recorded (README "Crash safety")
        media.authPkcs12Path = m_pendingAuthP12;
        step = [session, id, media, secret, options](registry::Register& reg, int) {
            return registry::CaEngine(reg).issueWithGeneratedKey(session, id, media, secret, options);
        };
    } else {
        step = [session, id, csr, secret, options](registry::Register& reg, int) {
            return registry::CaEngine(reg).issueFromCsr(session, id, csr, secret, options);
        };
    }
    m_runRows.clear();
    delete m_runner;
    m_runner = new IssueRunner(m_reg, 1, std::move(step), this);
    connect(m_runner, &Job::finished, this, &IssuanceDialog::finished);
    startRunner(1);
}

void IssuanceDialog::issueLetter() {
    const QList<int> rows = m_letter->pendingRows();
    const QString folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
    if (rows.isEmpty() || folder.isEmpty())
        return;
    if (!QFileInfo(folder).isDir() || !QFileInfo(folder).isWritable()) {
        showMessage(tr("The folder %1 does not exist or cannot be written to.").arg(m_folder->text()));
        return;
    }
    // No file of this run may exist already: a key file is never replaced, and the key lives only there.
    const QString certExt = pemChosen() ? QStringLiteral(".pem") : QStringLiteral(".cer");
    for (int row : rows) {
        for (const QString& ext : {QStringLiteral(".p12"), certExt}) {
            const QString path = QDir(folder).filePath(m_letter->iin(row) + ext);
            if (QFileInfo::exists(path)) {
                showMessage(tr("The file %1 already exists; choose another folder: key files are never replaced.")
                                .arg(QDir::toNativeSeparators(path)));
                return;
            }
        }
    }
    const std::optional<QString> passphrase =
        m_prompter.askPassword(this, tr("CA key"),
                               tr("Passphrase of the CA key, to sign %n certificate(s) of the letter %1:", nullptr,
                                  static_cast<int>(rows.size()))
                                   .arg(m_id));
    if (!passphrase)
        return; // cancelled: nothing happens
    std::vector<registry::KeyOnMedia> media;
    const auto algorithm = static_cast<pki::KeyAlgorithm>(m_letterAlgorithm->currentData().toInt());
    for (int row : rows)
        media.push_back(registry::KeyOnMedia{algorithm, m_letter->password(row), m_letter->mediaSerial(row),
                                             QDir(folder).filePath(m_letter->iin(row) + QStringLiteral(".p12"))});
    const registry::Session session = m_session;
    const qint64 id = m_id;
    const pki::SecretSource secret = pki::SecretSource::literal(*passphrase);
    const QList<int> runRows = rows;
    const registry::MediaRecipient recipient = mediaRecipient();
    m_runRows = rows;
    delete m_runner;
    m_runner = new IssueRunner(
        m_reg, static_cast<int>(rows.size()),
        [session, id, media, secret, runRows, recipient](registry::Register& reg, int index) {
            registry::IssueOptions options;
            options.personIndex = runRows.at(index);
            options.mediaRecipient = recipient;
            return registry::CaEngine(reg).issueWithGeneratedKey(session, id, media.at(index), secret, options);
        },
        this);
    m_runner->setContinueAfterPersonRefusal(true);
    connect(m_runner, &Job::progressed, this, [this](int done, int total) { letterProgress(done, total); });
    connect(m_runner, &Job::finished, this, &IssuanceDialog::finished);
    m_letter->clearPasswords(); // the passwords are with the worker now; none stays on screen
    startRunner(static_cast<int>(rows.size()));
}

QString IssuanceDialog::certificateBytesError(const QByteArray& der, bool pem, QByteArray* out) const {
    *out = der;
    if (!pem)
        return {};
    auto cert = pki::Certificate::parse(der);
    if (!cert)
        return cert.message();
    *out = cert->pem();
    return {};
}

// One person of the letter is through: its files are written at once (the key exists only in the result).
void IssuanceDialog::letterProgress(int done, int total) {
    m_progress->setRange(0, total);
    m_progress->setValue(done);
    const auto results = m_runner->results();
    const QString folder = QDir::fromNativeSeparators(m_folder->text().trimmed());
    const bool pem = pemChosen();
    for (; m_handled < static_cast<int>(results.size()) && m_handled < m_runRows.size(); ++m_handled) {
        const int row = m_runRows.at(m_handled);
        const auto& r = results.at(m_handled);
        if (!r) {
            m_letter->setRefused(row, r.message());
            continue;
        }
        m_serials << r->serialHex;
        m_lastDer = r->der;
        m_lastSerial = r->serialHex;
        m_applicationDone = r->applicationDone;
        QStringList problems;
        const QString iin = m_letter->iin(row);
        QByteArray certBytes;
        QString certError = certificateBytesError(r->der, pem, &certBytes);
        if (certError.isEmpty()) {
            const QString certPath =
                QDir(folder).filePath(iin + (pem ? QStringLiteral(".pem") : QStringLiteral(".cer")));
            if (Status s = writeFile(certPath, certBytes); !s)
                certError = s.message();
        }
        if (!certError.isEmpty())
            problems << certError;
        QString text = tr("%1, key media %2").arg(r->serialHex, r->keyMediaSerial);
        if (!problems.isEmpty())
            text += u'\n' + problems.join(u'\n');
        m_letter->setIssued(row, r->serialHex, text);
        if (!problems.isEmpty())
            showMessage(problems.join(u'\n'));
    }
}

void IssuanceDialog::finished() {
    m_progress->hide();
    const bool letter = !m_runRows.isEmpty();
    if (letter) {
        letterProgress(static_cast<int>(m_runner->results().size()), m_runner->count());
        const auto results = m_runner->results();
        int issuedCount = 0;
        int refused = 0;
        QString lastRefusal;
        for (const auto& r : results) {
            if (r) {
                ++issuedCount;
            } else {
                ++refused;
                lastRefusal = r.message();
            }
        }
        // Anything the worker did not get to (the CA key refused, the register busy): said on the rows.
        for (int i = static_cast<int>(results.size()); i < m_runRows.size(); ++i)
            m_letter->setRefused(m_runRows.at(i),
                                 m_runner->wasCancelled() ? tr("not issued: cancelled") : tr("not issued"));
        QStringList lines;
        lines << tr("Letter %1: %2 certificate(s) issued, %3 refused.").arg(m_id).arg(issuedCount).arg(refused);
        if (m_runner->wasCancelled() && static_cast<int>(results.size()) < m_runRows.size())
            lines << tr("Cancelled: the remaining persons were not issued.");
        if (issuedCount > 0)
            lines << (m_applicationDone ? tr("Every person of the letter has a certificate: the application is done.")
                                        : tr("The letter is not complete yet: persons without a certificate remain."));
        if (issuedCount > 0)
            lines << tr("Key files and certificates are in %1, named after each person's IIN.").arg(m_folder->text());
        m_resultText = lines.join(u'\n');
        m_result->setText(m_resultText);
        m_result->show();
        if (refused > 0 && message().isEmpty())
            showMessage(lastRefusal);
        if (issuedCount > 0)
            Q_EMIT issued(m_id);
        m_runRows.clear();
        updateActions();
        return;
    }

    const auto results = m_runner->results();
    QStringList lines;
    QList<std::pair<QString, QByteArray>> toSave; // serial, DER: each certificate issued, the signing one first
    for (const auto& r : results) {
        if (!r) {
            showMessage(r.message());
            continue;
        }
        // sign+auth: the authentication certificate came with its own key in the same step.
        std::vector<std::pair<const registry::IssueResult*, QString>> issued{{&*r, m_pendingP12}};
        for (const registry::IssueResult& also : r->alsoIssued)
            issued.emplace_back(&also, m_pendingAuthP12);
        for (const auto& [one, p12] : issued) {
            m_serials << one->serialHex;
            toSave.append({one->serialHex, one->der});
            m_applicationDone = one->applicationDone;
            lines << tr("Certificate %1 (%2) issued for %3, valid %4 – %5.")
                         .arg(one->serialHex, one->profile, one->subject, registry::displayDate(one->notBefore),
                              registry::displayDate(one->notAfter));
            if (one->pkcs12Written) { // by the issuance, before it was recorded (README "Crash safety")
                m_p12Path = p12;
                lines << tr("The holder's key (PKCS#12, key media %1) is written to %2; it is kept nowhere else.")
                             .arg(one->keyMediaSerial.isEmpty() ? tr("not recorded") : one->keyMediaSerial,
                                  QDir::toNativeSeparators(p12));
            }
        }
        if (!r->replacedSerial.isEmpty() && m_revokeReplaced->isChecked())
            lines << tr("The replaced certificate %1 is revoked (superseded).").arg(r->replacedSerial);
        lines << r->notes;
    }
    m_pendingP12.clear();
    m_pendingAuthP12.clear();
    if (!lines.isEmpty()) {
        m_password->clear();
        m_repeat->clear();
        m_resultText = lines.join(u'\n');
        m_result->setText(m_resultText);
        m_result->show();
        Q_EMIT issued(m_id);
        for (const auto& [serial, der] : toSave) {
            m_lastSerial = serial;
            m_lastDer = der;
            saveCertificate();
        }
    }
    updateActions();
}

void IssuanceDialog::cancel() {
    if (m_runner && isRunning()) {
        m_runner->cancel();
        m_cancel->setEnabled(false);
    }
}

void IssuanceDialog::saveCertificate() {
    if (m_lastDer.isEmpty())
        return;
    const bool pem = pemChosen();
    const QString path = m_prompter.saveFileName(
        this, tr("Save the certificate"), m_lastSerial + (pem ? QStringLiteral(".pem") : QStringLiteral(".cer")),
        pem ? tr("PEM certificates (*.pem *.crt)") : tr("DER certificates (*.cer *.der)"));
    if (path.isEmpty()) {
        m_result->setText(m_resultText + u'\n' +
                          tr("Not saved to a file yet: the certificate is in the register; use Save to write it."));
        return;
    }
    QByteArray bytes;
    if (const QString error = certificateBytesError(m_lastDer, pem, &bytes); !error.isEmpty()) {
        showMessage(error);
        return;
    }
    if (Status written = registry::OutputFiles::writeNew(path, bytes, registry::FileSecrecy::Public); !written) {
        showMessage(
            tr("The certificate could not be saved to %1: %2").arg(QDir::toNativeSeparators(path), written.message()));
        return;
    }
    showMessage({});
    m_resultText += u'\n' + tr("Saved to %1.").arg(QDir::toNativeSeparators(path));
    m_result->setText(m_resultText);
}

} // namespace tirkeu::gui
